import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { LessThan } from 'typeorm';
import { OutboxWriter } from '@app/platform';
import { FileRepository } from '../../application/ports/file.repository';
import { StoredFile } from '../../domain/stored-file.aggregate';
import { toOutboxMessages } from '../outbox/files.published-events';
import { FileOrmEntity } from './file.orm-entity';

@Injectable()
export class TypeOrmFileRepository extends FileRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly outbox: OutboxWriter,
  ) {
    super();
  }

  private get rows() {
    return this.txHost.tx.getRepository(FileOrmEntity);
  }

  async save(file: StoredFile): Promise<void> {
    await this.rows.upsert(file.snapshot(), ['id']);
    await this.outbox.append(toOutboxMessages(file.pullEvents()));
  }

  async findOwnedForUpdate(ownerId: string, id: string): Promise<StoredFile | null> {
    return toFile(await this.rows.findOne({ where: { id, ownerId, status: 'stored' }, lock: { mode: 'pessimistic_write' } }));
  }

  async findForUpdate(id: string): Promise<StoredFile | null> {
    return toFile(await this.rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }));
  }

  async remove(file: StoredFile): Promise<void> {
    await this.rows.delete({ id: file.id, status: 'uploading' });
  }

  async abandonedUploads(before: Date, limit: number): Promise<StoredFile[]> {
    const rows = await this.rows.find({ where: { status: 'uploading', createdAt: LessThan(before) }, order: { createdAt: 'ASC' }, take: limit });
    return rows.map((row) => StoredFile.restore(row));
  }
}

function toFile(row: FileOrmEntity | null): StoredFile | null {
  return row && StoredFile.restore(row);
}
