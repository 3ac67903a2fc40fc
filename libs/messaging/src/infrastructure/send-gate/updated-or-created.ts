import { DataSource } from 'typeorm';

/** Runs an `UPDATE … RETURNING` of one row; when the row does not exist yet, creates it (`INSERT … ON CONFLICT DO NOTHING`) and runs it again. */
export async function updatedOrCreated<T>(db: DataSource, update: string, values: unknown[], create: string, createValues: unknown[]): Promise<T[]> {
  const [rows]: [T[], number] = await db.query(update, values);
  if (rows.length) return rows;
  await db.query(create, createValues);
  const [again]: [T[], number] = await db.query(update, values);
  return again;
}
