export * from './message-cancelled.v1';
export * from './message-sent.v1';
export * from './send-message.command';
