export type Engine = 'chromium' | 'firefox' | 'webkit';
export function selectedEngines(value?: string): Engine[];
export function chromiumPath(): string;
export const FIREFOX_PATH: string;
export function keyActions(keys: string[]): { type: 'keyDown' | 'keyUp'; value: string }[];
export function startWebKit(): Promise<{
  options: { hostname: string; port: number; logLevel: 'error'; capabilities: Record<string, unknown> };
  stop(): void;
}>;
