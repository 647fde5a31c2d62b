/** Bounds for a JSON value taken from a client and handed to code that walks it. */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays (the value itself is depth 1). */
  maxDepth: number;
  /** Most values in total (objects, arrays and primitives). */
  maxNodes: number;
  /** Longest string, key or value, in UTF-16 units. */
  maxStringLength: number;
}

/** Keys that could reach an object's prototype when a library merges or copies the value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Why `value` is not plain JSON within `bounds`, or `undefined` when it is. Walks without
 * recursion, so a hostile value cannot overflow the stack here either.
 */
export function jsonBoundsViolation(value: unknown, bounds: JsonBounds): string | undefined {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (++nodes > bounds.maxNodes) return `more than ${bounds.maxNodes} values`;
    if (item === null || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item)) return 'a number is not finite';
      continue;
    }
    if (typeof item === 'string') {
      if (item.length > bounds.maxStringLength) return `a string is longer than ${bounds.maxStringLength}`;
      continue;
    }
    if (typeof item !== 'object') return `a value of type ${typeof item}`;
    if (depth > bounds.maxDepth) return `nested deeper than ${bounds.maxDepth}`;
    if (Array.isArray(item)) {
      for (const element of item) stack.push([element, depth + 1]);
      continue;
    }
    if (Object.getPrototypeOf(item) !== Object.prototype && Object.getPrototypeOf(item) !== null) {
      return 'an object that is not plain';
    }
    for (const [key, element] of Object.entries(item)) {
      if (key.length > bounds.maxStringLength) return `a key is longer than ${bounds.maxStringLength}`;
      if (FORBIDDEN_KEYS.has(key)) return `the key "${key}"`;
      stack.push([element, depth + 1]);
    }
  }
  return undefined;
}
