export * from './message-sent.v1';
export * from './send-message.command';
