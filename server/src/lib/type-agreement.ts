/**
 * Compile-time checks that a TypeBox response schema (the contract the service validates its
 * answers against) and the shared response type (what the server builds and the Zendesk app
 * reads) describe the same shape. `Agrees<A, B>` is `true` only when each is assignable to the
 * other; `Assert<…>` refuses to compile otherwise. Types only: nothing here exists at run time.
 */
export type Agrees<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

export type Assert<T extends true> = T
