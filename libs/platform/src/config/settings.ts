import { Provider } from '@nestjs/common';

export type Env = Record<string, string | undefined>;

/**
 * One context's settings: a class whose constructor reads its variables from the environment with an
 * `EnvReader` and throws a `ConfigError` on the first wrong one.
 */
export type SettingsClass<T extends object = object> = new (env: Env) => T;

/** What one app reads: the settings classes of the contexts it composes, and its own defaults (such as its OPS_PORT). */
export interface AppSettings {
  readonly classes: readonly SettingsClass[];
  readonly defaults?: Env;
}

/**
 * The validated settings of one app, read in its `main.ts` before anything else happens; each instance
 * is injectable by its class (`ConfigModule`). An app validates what it composes and nothing more.
 */
export class Settings {
  private constructor(private readonly instances: ReadonlyMap<SettingsClass, object>) {}

  static read(env: Env, { classes, defaults = {} }: AppSettings): Settings {
    const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined));
    const merged = { ...defaults, ...set };
    return new Settings(new Map(classes.map((type) => [type, new type(merged)])));
  }

  get<T extends object>(type: SettingsClass<T>): T {
    const instance = this.instances.get(type);
    if (!instance) throw new Error(`${type.name} is not among this app's settings: add it to the app's AppSettings`);
    return instance as T;
  }

  providers(): Provider[] {
    return [...this.instances].map(([type, value]) => ({ provide: type, useValue: value }));
  }

  classes(): SettingsClass[] {
    return [...this.instances.keys()];
  }
}
