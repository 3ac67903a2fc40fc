import { Module } from '@nestjs/common';
import { FilesModule } from '../../files.module';
import { AbandonedUploadsSweeper } from '../schedule/abandoned-uploads.sweeper';
import { FilesController } from './files.controller';

/** The files routes, and the sweep of uploads their process left unfinished; authentication comes from the app's global guard. */
@Module({ imports: [FilesModule], controllers: [FilesController], providers: [AbandonedUploadsSweeper] })
export class FilesHttpModule {}
