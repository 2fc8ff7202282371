/**
 * A table made once and never changed (strings, error words), typed as written (`string`, not each literal),
 * frozen so that no page holding it can change it for every element.
 */
export function frozen<T extends object>(value: T): Readonly<T> {
  return Object.freeze(value);
}
