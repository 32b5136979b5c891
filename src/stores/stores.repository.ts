import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { StoreEntity } from './entities/store.entity';

@Injectable()
export class StoresRepository {
  constructor(@InjectRepository(StoreEntity) private readonly stores: Repository<StoreEntity>) {}

  /** Returns null when the code is taken (unique violation), so callers answer 409. */
  async insertIfCodeFree(code: string, name: string): Promise<StoreEntity | null> {
    const result = await this.stores
      .createQueryBuilder()
      .comment('query:stores.insertIfCodeFree')
      .insert()
      .values({ code, name })
      .orIgnore()
      .returning('*')
      .execute();
    const row = result.raw[0];
    return row ? this.stores.create(row as StoreEntity) : null;
  }

  list(): Promise<StoreEntity[]> {
    return this.stores.find({ order: { created_at: 'ASC', code: 'ASC' } });
  }

  exists(id: string): Promise<boolean> {
    return this.stores.existsBy({ id });
  }

  /** Null when there is no such store. */
  async setActive(
    manager: EntityManager,
    id: string,
    isActive: boolean,
  ): Promise<StoreEntity | null> {
    const [rows]: [StoreEntity[], number] = await manager.query(
      `/* query:stores.setActive */
       UPDATE stores SET is_active = $2, updated_at = now() WHERE id = $1 RETURNING *`,
      [id, isActive],
    );
    return rows[0] ? this.stores.create(rows[0]) : null;
  }
}
