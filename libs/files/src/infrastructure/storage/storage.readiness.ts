import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReadinessChecks } from '@app/platform';
import { FileStorage } from '../../application/ports/file-storage';

/** Adds the file storage to what `/health/ready` checks. */
@Injectable()
export class StorageReadiness implements OnModuleInit {
  constructor(
    private readonly storage: FileStorage,
    private readonly checks: ReadinessChecks,
  ) {}

  onModuleInit(): void {
    this.checks.add('storage', () => this.storage.check());
  }
}
