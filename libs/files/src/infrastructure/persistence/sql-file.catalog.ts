import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { FileStorage } from '../../application/ports/file-storage';
import { FileNotFound } from '../../domain/file.errors';
import { CatalogFile, FileCatalog } from '../../contracts/file-catalog';

const VISIBLE = `f.owner_id = $1 AND f.status = 'stored' AND f.deleted_at IS NULL`;

@Injectable()
export class SqlFileCatalog extends FileCatalog {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly storage: FileStorage,
  ) {
    super();
  }

  async owned(ownerId: string, ids: readonly string[]): Promise<CatalogFile[]> {
    if (ids.length === 0) return [];
    return this.txHost.tx.query(
      `SELECT f.id, f.name, f.size::float8 AS size, f.content_type AS "contentType" FROM files.files f WHERE ${VISIBLE} AND f.id = ANY($2::uuid[])`,
      [ownerId, [...new Set(ids)]],
    );
  }

  async open(ownerId: string, id: string): Promise<Readable> {
    const [row]: { storage_key: string }[] = await this.txHost.tx.query(`SELECT f.storage_key FROM files.files f WHERE ${VISIBLE} AND f.id = $2`, [ownerId, id]);
    if (!row) throw new FileNotFound(id);
    return this.storage.get(row.storage_key);
  }
}
