import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformSettings } from '@app/platform';
import { FilesSettings } from './files.settings';
import { DeleteFileHandler } from './application/commands/delete-file/delete-file.handler';
import { RemoveFileObjectHandler } from './application/commands/remove-file-object/remove-file-object.handler';
import { SweepAbandonedUploadsHandler } from './application/commands/sweep-abandoned-uploads/sweep-abandoned-uploads.handler';
import { UploadFileHandler } from './application/commands/upload-file/upload-file.handler';
import { FileReadModel } from './application/ports/file.read-model';
import { FileRepository } from './application/ports/file.repository';
import { FileStorage } from './application/ports/file-storage';
import { GetFileHandler } from './application/queries/get-file/get-file.handler';
import { ListFilesHandler } from './application/queries/list-files/list-files.handler';
import { OpenFileContentHandler } from './application/queries/open-file-content/open-file-content.handler';
import { FileCatalog } from './contracts/file-catalog';
import { UploadPolicy } from './domain/upload-policy';
import { FILES_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
import { SqlFileCatalog } from './infrastructure/persistence/sql-file.catalog';
import { SqlFileReadModel } from './infrastructure/persistence/sql-file.read-model';
import { TypeOrmFileRepository } from './infrastructure/persistence/typeorm-file.repository';
import { fileStorageFor } from './infrastructure/storage/file-storage.factory';
import { StorageReadiness } from './infrastructure/storage/storage.readiness';

/** The files context: uploads, their metadata, their bytes in storage; other contexts read files through its `FileCatalog`. Transport-free; see its Http and Amqp modules. */
@Module({
  imports: [TypeOrmModule.forFeature(FILES_ORM_ENTITIES)],
  providers: [
    UploadFileHandler,
    DeleteFileHandler,
    RemoveFileObjectHandler,
    SweepAbandonedUploadsHandler,
    GetFileHandler,
    ListFilesHandler,
    OpenFileContentHandler,
    StorageReadiness,
    { provide: FileRepository, useClass: TypeOrmFileRepository },
    { provide: FileReadModel, useClass: SqlFileReadModel },
    { provide: FileCatalog, useClass: SqlFileCatalog },
    { provide: FileStorage, inject: [PlatformSettings, FilesSettings], useFactory: fileStorageFor },
    { provide: UploadPolicy, inject: [FilesSettings], useFactory: (settings: FilesSettings) => new UploadPolicy(settings.uploadMaxBytes, settings.uploadAllowedTypes) },
  ],
  exports: [FileCatalog],
})
export class FilesModule {}
