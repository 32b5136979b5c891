/**
 * The pool size of every app the suite starts: it runs beside other users of one PostgreSQL
 * (100 connections by default, and a bench or another suite may hold most of them), and its
 * rates need far fewer than the production pool of 60. A refused connection would answer 503
 * and fail the case for a reason that is not its fault.
 */
export const SMALL_POOL = { DB_POOL_MAX: '10' };
