import { StoreFixture, createStore, tableToken } from '../support/fixtures';
import { createMenus } from '../support/ordering';
import { TestApp } from '../support/test-app';

/** A store the resilience load orders from: one menu item, and a signed-in token per table. */
export interface OrderingStore {
  store: StoreFixture;
  menuId: number;
  tokens: string[];
}

export async function createOrderingStore(
  testApp: TestApp,
  name: string,
  tableCount: number,
): Promise<OrderingStore> {
  const store = await createStore(testApp.dataSource, name, { tableCount });
  const [menu] = await createMenus(testApp.dataSource, store.storeId, [
    { name: 'Noodles', price: 9000 },
  ]);
  const tokens = await Promise.all(
    Array.from({ length: tableCount }, (_, index) => tableToken(testApp.app, store, index)),
  );
  return { store, menuId: menu.id, tokens };
}
