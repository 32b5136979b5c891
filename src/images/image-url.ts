/** Where GET /images/:file serves a stored image; null stays null. */
export function imageUrl(fileName: string | null): string | null {
  return fileName === null ? null : `/images/${fileName}`;
}
