/** The demo restaurant created by `npm run seed` and, in development, on first start. */
export const DEMO_STORE = { code: 'demo', name: '데모 식당' } as const;
export const DEMO_ADMIN = { username: 'admin', password: 'demo-admin-1234' } as const;
export const DEMO_TABLE_PASSWORD = '1234';
export const DEMO_TABLE_COUNT = 10;

export const DEMO_MENU: {
  category: string;
  items: { name: string; description: string; price: number }[];
}[] = [
  {
    category: '메인',
    items: [
      { name: '김치찌개', description: '돼지고기와 묵은지로 끓인 찌개', price: 9000 },
      { name: '된장찌개', description: '두부와 애호박을 넣은 된장찌개', price: 8500 },
      { name: '제육볶음', description: '매콤한 돼지고기 볶음과 공기밥', price: 11000 },
      { name: '불고기 정식', description: '간장 양념 소불고기와 반찬', price: 13000 },
      { name: '비빔밥', description: '나물과 고추장, 계란 프라이', price: 9500 },
    ],
  },
  {
    category: '사이드',
    items: [
      { name: '계란말이', description: '부드러운 계란말이', price: 6000 },
      { name: '해물파전', description: '오징어와 새우를 넣은 파전', price: 14000 },
      { name: '공기밥', description: '', price: 1000 },
      { name: '군만두', description: '바삭한 군만두 6개', price: 5000 },
    ],
  },
  {
    category: '음료',
    items: [
      { name: '콜라', description: '355 ml', price: 2000 },
      { name: '사이다', description: '355 ml', price: 2000 },
      { name: '식혜', description: '직접 담근 식혜', price: 3000 },
    ],
  },
];
