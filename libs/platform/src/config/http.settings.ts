import { EnvReader } from './env-reader';
import { Env } from './settings';

/** What an app serving the HTTP API reads besides the platform's settings. */
export class HttpSettings {
  readonly port: number;
  readonly trustProxy: boolean;

  constructor(env: Env) {
    const read = new EnvReader(env);
    this.port = read.int('PORT', 3000, 0, 65_535);
    this.trustProxy = read.bool('TRUST_PROXY', false);
  }
}
