/**
 * A bounded set of recently seen ids: remembers the last `capacity` ids and forgets the oldest
 * first. Used to drop redelivered events (delivery is at-least-once).
 */
export class RecentIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Records the id; returns false when it was already among the recent ids. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next().value as string;
      this.ids.delete(oldest);
    }
    return true;
  }

  get size(): number {
    return this.ids.size;
  }
}
