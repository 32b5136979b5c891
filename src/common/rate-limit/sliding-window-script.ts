/**
 * Sliding-window log in one sorted set per key, in one atomic script (one round trip).
 * Time comes from the Redis server, so instances with skewed clocks share one window.
 *
 * KEYS[1]  the window's sorted set
 * ARGV[1]  window length in ms
 * ARGV[2]  limit (requests per window)
 * ARGV[3]  member suffix unique per request (instance id + sequence), so two requests in the
 *          same millisecond are two members
 *
 * Returns {count, allowed, frees_in_ms}: the requests now in the window (including this one
 * when allowed), 1 when this request was admitted, and the ms until the oldest entry leaves the
 * window (when the next slot frees). A refused request is not recorded.
 */
export const SLIDING_WINDOW_LUA = `
local key = KEYS[1]
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local count = redis.call('ZCARD', key)
local allowed = 0
if count < limit then
  redis.call('ZADD', key, now, now .. '-' .. ARGV[3])
  redis.call('PEXPIRE', key, window)
  count = count + 1
  allowed = 1
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local frees_in = window
if oldest[2] then frees_in = tonumber(oldest[2]) + window - now end
return {count, allowed, frees_in}
`;
