export type Engine = 'chromium' | 'firefox' | 'webkit';
export function selectedEngines(value?: string): Engine[];
export function chromiumPath(): string;
export const FIREFOX_PATH: string;
export function keyActions(keys: string[]): { type: 'keyDown' | 'keyUp'; value: string }[];
export function startWebKit(): Promise<{
  options: { hostname: string; port: number; logLevel: 'error'; capabilities: Record<string, unknown> };
  stop(): void;
}>;
export function describeEngines(engines?: Engine[]): string[];
export function refusedCommand(error: unknown): string | undefined;
export function tellRefused(command: string, consequence: string): void;
export function tolerantPage<T extends { setViewport(viewport: any): Promise<void> }>(page: T): T;
export function firefoxPuppeteer(refuses?: string): { launch(options: import('puppeteer-core').LaunchOptions): Promise<import('puppeteer-core').Browser> };
