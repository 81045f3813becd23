/**
 * `{ ...base, ...extra }` that keeps V8's hidden classes shared. In Node 20 (V8 11.3) an object literal that starts
 * with a spread and then adds properties (`{ ...base, id }`) gets a hidden class (map) of its own every time:
 * 50 such objects had 42 maps. Every property read that meets such objects turns megamorphic, and each new map
 * costs JSON.stringify a slow lookup. On the emulator's hot path (the request of every handler call, the client
 * records and role policies every permission check and listing reads) that was a measurable share of each
 * request (bench:emulator under `perf`). `Object.assign` onto a fresh literal walks the shared transitions
 * instead, with the same result: the own enumerable properties of `base`, then those of `extra` (which win), in
 * that key order. (Unlike a spread it assigns, so a `__proto__` key would set the prototype; the emulator only
 * extends objects it built itself.)
 */
export function extend<A extends object, B extends object>(base: A, extra: B): A & B {
  return Object.assign({}, base, extra);
}
