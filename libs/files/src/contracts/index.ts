export * from './file-uploaded.v1';
export * from './remove-file-object.command';
export * from './file-catalog';
