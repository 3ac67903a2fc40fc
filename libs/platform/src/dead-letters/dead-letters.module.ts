import { Module } from '@nestjs/common';
import { DeadLetterAdmin } from './dead-letter-admin';
import { DeadLettersController } from './dead-letters.controller';

/** Dead letters for operators: `DeadLetterAdmin` for the CLI; with `http`, the admin routes. */
@Module({ providers: [DeadLetterAdmin], exports: [DeadLetterAdmin] })
export class DeadLettersModule {}

@Module({ imports: [DeadLettersModule], controllers: [DeadLettersController] })
export class DeadLettersHttpModule {}
