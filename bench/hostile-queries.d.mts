export function doubling(n: number): string;
export function fanOut(): string;
