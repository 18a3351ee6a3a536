// What the test runner can do in each engine.

/** Emulating `prefers-color-scheme` takes Chromium's DevTools protocol:
 * Firefox's WebDriver BiDi has no such command yet (w3c/webdriver-bidi#750;
 * Firefox declined the DevTools one, bug 1549434), nor has the classic
 * WebDriver that WebKitWebDriver speaks (w3c/webdriver#1693). */
export const canEmulateColorScheme = navigator.userAgent.includes('Chrome/');

/** Holding a key down (`sendKeys({down})`) takes puppeteer: WebKitWebDriver's
 * runner supports only whole presses and typing. */
export const canHoldKeys = /Chrome\/|Firefox\//.test(navigator.userAgent);
