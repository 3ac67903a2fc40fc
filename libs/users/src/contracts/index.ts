export * from './user-registered.v1';
