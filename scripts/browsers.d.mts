export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[];
export function selectedEngines(value?: string): Engine[];
export function chromiumPath(): string;
export const FIREFOX_PATH: string;
export function missingPackages(engine: string): (string | null)[];
export function keyActions(keys: string[]): { type: 'keyDown' | 'keyUp'; value: string }[];
export function startWebKit(): Promise<{
  options: { hostname: string; port: number; logLevel: 'error'; capabilities: Record<string, unknown> };
  stop(): void;
}>;
