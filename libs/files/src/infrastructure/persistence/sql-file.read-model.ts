import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Page, keysetPage } from '@app/shared-kernel';
import { FileReadModel } from '../../application/ports/file.read-model';
import { FileView } from '../../application/queries/get-file/file.view';

const VIEW = `f.id, f.name, f.size::float8 AS size, f.content_type, f.sha256,
  to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;
const VISIBLE = `f.owner_id = $1 AND f.status = 'stored' AND f.deleted_at IS NULL`;

@Injectable()
export class SqlFileReadModel extends FileReadModel {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private query<T>(sql: string, params: unknown[]): Promise<T[]> {
    return this.txHost.tx.query(sql, params);
  }

  async file(ownerId: string, id: string): Promise<FileView | null> {
    return (await this.storedObject(ownerId, id))?.file ?? null;
  }

  files(ownerId: string, after: string | null, limit: number): Promise<Page<FileView>> {
    return keysetPage(limit, (file) => file.id, (take) =>
      this.query<FileView>(`SELECT ${VIEW} FROM files.files f WHERE ${VISIBLE} AND ($2::uuid IS NULL OR f.id < $2::uuid) ORDER BY f.id DESC LIMIT $3`, [ownerId, after, take]),
    );
  }

  async storedObject(ownerId: string, id: string): Promise<{ file: FileView; storageKey: string } | null> {
    const [row] = await this.query<FileView & { storage_key: string }>(`SELECT ${VIEW}, f.storage_key FROM files.files f WHERE ${VISIBLE} AND f.id = $2`, [ownerId, id]);
    if (!row) return null;
    const { storage_key: storageKey, ...file } = row;
    return { file, storageKey };
  }
}
