import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'users', name: 'users' })
export class UserOrmEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: 'user' | 'admin';

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
