export * from './aggregate-root';
export * from './domain-error';
export * from './domain-event';
export * from './integration-event';
export * from './uuid-v7';
export * from './page';
export * from './retry-after';
