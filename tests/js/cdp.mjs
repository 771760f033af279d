// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe
// (no WebSocket, no dependencies): enough to load pages, type, press keys,
// click and read the console in headless Chromium.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export class Browser {
  static async launch() {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "shiori-cdp-"));
    const proc = spawn(
      process.env.CHROMIUM || "chromium",
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--remote-debugging-pipe",
        `--user-data-dir=${profile}`,
        "about:blank",
      ],
      { stdio: ["ignore", "ignore", "ignore", "pipe", "pipe"] },
    );
    const browser = new Browser(proc, profile);
    await browser.send("Target.setDiscoverTargets", { discover: true });
    return browser;
  }

  constructor(proc, profile) {
    this.proc = proc;
    this.profile = profile;
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
    let buffer = Buffer.alloc(0);
    proc.stdio[4].on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let end;
      while ((end = buffer.indexOf(0)) >= 0) {
        const message = JSON.parse(buffer.subarray(0, end).toString("utf8"));
        buffer = buffer.subarray(end + 1);
        this.dispatch(message);
      }
    });
  }

  dispatch(message) {
    if (message.id && this.pending.has(message.id)) {
      const { resolve, reject } = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) reject(new Error(`${message.error.message} ${message.error.data || ""}`));
      else resolve(message.result);
    } else if (message.method) {
      for (const listener of this.listeners) listener(message);
    }
  }

  send(method, params = {}, sessionId) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    this.proc.stdio[3].write(JSON.stringify(message) + "\0");
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  async newPage(browserContextId) {
    const params = { url: "about:blank" };
    if (browserContextId) params.browserContextId = browserContextId;
    const { targetId } = await this.send("Target.createTarget", params);
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    const page = new Page(this, sessionId);
    await page.send("Page.enable");
    await page.send("Runtime.enable");
    await page.send("Log.enable");
    return page;
  }

  async close() {
    try {
      await Promise.race([this.send("Browser.close"), sleep(2000)]);
    } catch {
      // already gone
    }
    const exited = new Promise((resolve) => this.proc.once("exit", resolve));
    if (this.proc.exitCode === null) this.proc.kill();
    await Promise.race([exited, sleep(3000)]);
    try {
      fs.rmSync(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A helper process may still be writing its cache: leave the temp folder.
    }
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
    this.errors = [];
    this.loads = 0;
    browser.listeners.push((m) => {
      if (m.sessionId !== sessionId) return;
      if (m.method === "Runtime.exceptionThrown") {
        this.errors.push(`exception: ${m.params.exceptionDetails.exception?.description || m.params.exceptionDetails.text}`);
      } else if (m.method === "Runtime.consoleAPICalled" && ["error", "assert"].includes(m.params.type)) {
        this.errors.push(`console.${m.params.type}: ${m.params.args.map((a) => a.value ?? a.description).join(" ")}`);
      } else if (m.method === "Log.entryAdded" && m.params.entry.level === "error") {
        this.errors.push(`log: ${m.params.entry.text} ${m.params.entry.url || ""}`);
      } else if (m.method === "Page.loadEventFired") {
        this.loads++;
      }
    });
  }

  send(method, params) {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url) {
    const before = this.loads;
    await this.send("Page.navigate", { url });
    await this.waitFor(() => this.loads > before, 30000, `load ${url}`);
  }

  async eval(expression) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      returnByValue: true,
      awaitPromise: true,
    });
    if (exceptionDetails) throw new Error(`eval failed: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
    return result.value;
  }

  async waitFor(predicate, timeout = 30000, what = "condition") {
    const start = Date.now();
    for (;;) {
      if (await predicate()) return;
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}`);
      await sleep(25);
    }
  }

  async type(text) {
    await this.send("Input.insertText", { text });
  }

  async key(key) {
    const codes = { Enter: 13, Escape: 27, ArrowDown: 40, ArrowUp: 38, "/": 191 };
    const base = { key, code: key === "/" ? "Slash" : key, windowsVirtualKeyCode: codes[key] };
    const text = key === "Enter" ? "\r" : key === "/" ? "/" : undefined;
    await this.send("Input.dispatchKeyEvent", { type: text ? "keyDown" : "rawKeyDown", ...base, text });
    await this.send("Input.dispatchKeyEvent", { type: "keyUp", ...base });
  }

  async click(selector) {
    const box = await this.eval(`(() => {
      const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
      return { x: r.left + Math.min(20, r.width / 2), y: r.top + r.height / 2 };
    })()`);
    for (const type of ["mouseMoved", "mousePressed", "mouseReleased"]) {
      await this.send("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
    }
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/* Records the requests a page sends from `start()` on and counts their
 * sequential waves: a request is in wave 1 + the highest wave of the
 * requests that had arrived before it was sent. Every request is delayed
 * by `latency` ms so that waves stand apart on a fast local server.
 * Workers' requests (attached sessions) count too. */
export async function recordWaves(browser, page, latency = 40) {
  const conditions = { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 };
  const sessions = new Set([page.sessionId]);
  const requests = new Map();
  const urls = new Set();
  let recording = false;
  browser.listeners.push((m) => {
    if (!sessions.has(m.sessionId)) return;
    if (m.method === "Target.attachedToTarget") {
      const child = m.params.sessionId;
      sessions.add(child);
      browser.send("Network.enable", {}, child).then(() => browser.send("Network.emulateNetworkConditions", conditions, child)).catch(() => {});
      browser.send("Runtime.runIfWaitingForDebugger", {}, child).catch(() => {});
    }
    const key = m.sessionId + ":" + (m.params && m.params.requestId);
    if (m.method === "Network.requestWillBeSent") {
      urls.add(m.params.request.url);
      if (recording) requests.set(key, { url: m.params.request.url, sent: m.params.timestamp });
    }
    if (m.method === "Network.loadingFinished" || m.method === "Network.loadingFailed") {
      const r = requests.get(key);
      if (r) r.done = m.params.timestamp;
    }
  });
  await page.send("Network.enable");
  await page.send("Network.emulateNetworkConditions", conditions);
  await page.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  return {
    start() { recording = true; },
    /* Every URL the page and its workers requested, from the first on. */
    urls() { return urls; },
    /* The waves of the recorded requests whose path passes `keep`. */
    waves(keep = () => true) {
      const sorted = [...requests.values()].filter((r) => keep(decodeURIComponent(new URL(r.url).pathname))).sort((a, b) => a.sent - b.sent);
      let most = 0;
      for (const r of sorted) {
        r.wave = 1;
        for (const q of sorted) {
          if (q !== r && q.done !== undefined && q.done <= r.sent) r.wave = Math.max(r.wave, q.wave + 1);
        }
        most = Math.max(most, r.wave);
      }
      return most;
    },
  };
}
