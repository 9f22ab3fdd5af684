// Starting `attnscope serve` and Debian's headless Chromium for the browser tests and the
// submit-to-heatmap benchmark.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';

export const binary = process.env.ATTNSCOPE_BINARY || path.resolve(import.meta.dirname, '../../build/attnscope');

export const artifactsDir = (() => {
  const dir = process.env.ATTNSCOPE_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'attnscope-web-'));
  fs.mkdirSync(dir, {recursive: true});
  return dir;
})();

// Runs `attnscope serve ARGS --port 0` and resolves once it prints its URL.
export function startServer(args, {timeoutMs = 120000} = {}) {
  const child = spawn(binary, ['serve', ...args, '--port', '0'], {stdio: ['ignore', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`attnscope serve printed no URL: ${stderr}`)), timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/http:\/\/[^\s]+\//);
      if (match) {
        clearTimeout(timer);
        resolve({url: match[0], child, stderr: () => stderr, stop: () => stopChild(child)});
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`attnscope serve exited with ${code}: ${stderr}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.removeAllListeners('exit');
    child.on('exit', (code, signal) => resolve(code ?? signal));
    child.kill('SIGTERM');
  });
}

// A fresh Chromium profile each time, with the flags that keep it from reaching the network.
export async function launchBrowser() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'attnscope-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    viewport: {width: 1280, height: 900},
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, {recursive: true, force: true});
  };
  return {context, close};
}

// Collects uncaught page errors and console errors, which every test expects to stay empty.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
  return errors;
}

// `attnscope serve ARGS` and a Chromium page on it, opened once the model list has arrived; the
// page's errors are collected, and close() ends both and fails if the page logged any.
export async function openServedExplorer(args) {
  const server = await startServer(args);
  const browser = await launchBrowser();
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelectorAll('#source option').length > 0);
  const close = async () => {
    await browser.close();
    await server.stop();
    if (errors.length) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  };
  return {server, browser, page, errors, close};
}

// The steps tests take on an explorer page.
export const settled = (page) => page.waitForFunction(() => !AS.app.busy);
export const showView = (page, name) => page.click(`#views button[data-view="${name}"]`);
export async function shot(page, name) {
  await settled(page);
  await page.screenshot({path: path.join(artifactsDir, `${name}.png`), fullPage: true});
}
// The steps above bound to a test file's page, which `current()` returns once its before() has
// opened it; each but submit also takes another page.
export function pageSteps(current) {
  return {
    settled: (target = current()) => settled(target),
    shot: (name, target = current()) => shot(target, name),
    showView: (name, target = current()) => showView(target, name),
    submit: (text, model) => submit(current(), text, model),
  };
}

// Types `text`, picks `model`, presses Analyse and waits for the answer to be drawn.
export async function submit(page, text, model) {
  const count = Number(await page.evaluate(() => document.body.dataset.results || 0));
  await page.fill('#text', text);
  await page.selectOption('#source', model);
  await page.click('#submit');
  await page.waitForFunction((c) => Number(document.body.dataset.results || 0) > c, count);
}
// Moves the mouse over a point of the current view (in canvas coordinates, as the page's own
// layout gives them), scrolled into sight first, and returns the tooltip.
export async function tooltipAt(page, pointInCanvas) {
  await settled(page);
  const point = await page.evaluate((p) => {
    const holder = document.getElementById('canvas-holder');
    const box = holder.getBoundingClientRect();
    const {y} = AS.app.clientPoint(p);
    if (y < box.top + 10 || y > box.bottom - 10) holder.scrollTop += y - (box.top + box.height / 2);
    return AS.app.clientPoint(p);
  }, pointInCanvas);
  await page.mouse.move(point.x, point.y);
  return page.textContent('#tooltip');
}
