/**
 * BullMQ connection options for a redis:// URL. maxRetriesPerRequest null: BullMQ's blocking
 * commands must wait out a Redis restart instead of failing after 20 retries.
 */
export function redisConnection(url: string): { url: string; maxRetriesPerRequest: null } {
  return { url, maxRetriesPerRequest: null };
}
