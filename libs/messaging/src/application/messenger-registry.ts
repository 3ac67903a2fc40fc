import { MessengerName } from '../domain/message.aggregate';
import { UnknownMessenger } from '../domain/message.errors';
import { Messenger } from './ports/messenger';

/** The messengers this process sends through, by name, in the order their adapters are listed. */
export class MessengerRegistry {
  private readonly byName: ReadonlyMap<string, Messenger>;

  constructor(messengers: readonly Messenger[]) {
    this.byName = new Map(messengers.map((messenger) => [messenger.name, messenger]));
  }

  get names(): MessengerName[] {
    return [...this.byName.keys()] as MessengerName[];
  }

  all(): Messenger[] {
    return [...this.byName.values()];
  }

  /** The name, known to be one of ours; `UnknownMessenger` (naming the known ones) otherwise. */
  nameOf(name: string): MessengerName {
    return this.get(name).name;
  }

  get(name: string): Messenger {
    const messenger = this.byName.get(name);
    if (!messenger) throw new UnknownMessenger(name, this.names);
    return messenger;
  }
}
