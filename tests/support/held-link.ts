import { ApolloLink, Observable, type FetchResult } from '@apollo/client/core';
import { expect, vi } from 'vitest';

/** A request a component made, held until the test answers it. */
export interface HeldRequest {
  operationName: string;
  variables: Record<string, unknown>;
  answer(result: FetchResult): void;
  fail(error: Error): void;
}

export interface HeldLink {
  /** Give it to the app's own client with `client.setLink(held.link)`. */
  link: ApolloLink;
  /** How many requests reached the link so far. */
  readonly requests: number;
  /** Waits for the next request named `operationName` (any, if omitted) and takes it off the queue. */
  nextRequest(operationName?: string): Promise<HeldRequest>;
  /** The requests not yet taken, oldest first. */
  pending(): readonly HeldRequest[];
}

/**
 * An Apollo link that holds every request until the test answers it, so that a component's
 * loading, data and error states can each be looked at. Used with the app's own client (its cache
 * and fetch policies), never with a mocked one.
 */
export function holdingLink(): HeldLink {
  const held: HeldRequest[] = [];
  let requests = 0;
  const link = new ApolloLink(
    (operation) =>
      new Observable<FetchResult>((observer) => {
        requests += 1;
        held.push({
          operationName: operation.operationName,
          variables: operation.variables,
          answer(result) {
            observer.next(result);
            observer.complete();
          },
          fail: (error) => observer.error(error),
        });
      }),
  );
  const index = (name?: string) => held.findIndex((r) => name === undefined || r.operationName === name);
  return {
    link,
    get requests() {
      return requests;
    },
    async nextRequest(operationName) {
      await vi.waitFor(() =>
        expect(index(operationName), `a ${operationName ?? ''} request`).toBeGreaterThanOrEqual(0),
      );
      return held.splice(index(operationName), 1)[0]!;
    },
    pending: () => [...held],
  };
}
