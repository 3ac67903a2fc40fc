import { Users1795320000000 } from './1795320000000-users';
import { OutboxInbox1795330000000 } from './1795330000000-outbox-inbox';
import { Messaging1795340000000 } from './1795340000000-messaging';
import { Files1795350000000 } from './1795350000000-files';
import { Sessions1795360000000 } from './1795360000000-sessions';
import { MessageSessions1795370000000 } from './1795370000000-message-sessions';
import { Importing1795380000000 } from './1795380000000-importing';
import { SendAttempts1795390000000 } from './1795390000000-send-attempts';
import { SessionPacing1795400000000 } from './1795400000000-session-pacing';
import { ScheduledMessages1795410000000 } from './1795410000000-scheduled-messages';
import { MessageRequests1795420000000 } from './1795420000000-message-requests';

/** Every migration, oldest first. `npm run migration:generate` writes a new file here: add its class to this list. */
export const MIGRATIONS = [
  Users1795320000000,
  OutboxInbox1795330000000,
  Messaging1795340000000,
  Files1795350000000,
  Sessions1795360000000,
  MessageSessions1795370000000,
  Importing1795380000000,
  SendAttempts1795390000000,
  SessionPacing1795400000000,
  ScheduledMessages1795410000000,
  MessageRequests1795420000000,
];
