import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, signIn } from './support/browser.js';
import { useDropInSession } from './support/drop-in-session.js';
import { gradientPng } from '../../packages/reference-server/test/support/png.js';

/** A demo channel with no history, so the test knows every message in it. */
const CHANNEL_ID = 'c_pixel_lfg';
const CHANNEL = `#/s_pixel/${CHANNEL_ID}`;
const IMAGE_SIZE = 240;
const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const session = useDropInSession('files');

/**
 * A small valid PDF (one empty page) with a correct cross-reference table, so that it is a PDF by
 * its bytes and not merely by its name.
 */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = text.length;
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** A fresh browser (its own guest session), signed in and joined to the demo server, in the test's channel. */
async function member(name: string): Promise<Page> {
  const context = await session.newContext();
  const page = await context.newPage();
  await signIn(page, session.server.url, name, CHANNEL);
  await page.locator('chat-messages [part="join"]').click();
  await page.locator('chat-messages textarea').waitFor();
  return page;
}

/** The guest's token, from the drop-in page's session. */
async function tokenOf(page: Page): Promise<string> {
  return page.evaluate(() => (JSON.parse(sessionStorage.getItem('hearth-guest') ?? '{}') as { token: string }).token);
}

/** The stored row of the message whose text is `text`. */
function messageRow(page: Page, text: string): Locator {
  return page.locator('chat-messages article:not([part~="pending"])').filter({ has: page.locator('[part="content"]', { hasText: text }) });
}

/** The natural width of the image shown in `image` (0 until its bytes have arrived and decoded). */
function naturalWidth(image: Locator): Promise<number> {
  return image.evaluate((element) => (element as HTMLImageElement).naturalWidth);
}

/** Every file under `directory`, at any depth ([] when it does not exist). */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

/**
 * What axe-core finds wrong in the page as it is now, one line per rule and element: every rule
 * within `<chat-messages>` (the rows, their files and the image viewer), the WCAG A and AA rules
 * over the whole page.
 */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the DevTools protocol, which the page's policy (no inline script) does not govern.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    interface AxeResult {
      violations: Array<{ id: string; nodes: Array<{ target: unknown[] }> }>;
    }
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<AxeResult> } }).axe;
    const messagePane = { include: [{ fromShadowDom: ['chat-app', 'chat-messages'] }] };
    const wcag = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } };
    const results = [
      await axe.run(messagePane, { resultTypes: ['violations'] }),
      await axe.run(document, { ...wcag, resultTypes: ['violations'] }),
    ];
    return results.flatMap((result) =>
      result.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`)),
    );
  });
}

describe('files in the drop-in page against the reference server', () => {
  it('sends an image and a PDF that the other user sees live and after a reload, views and downloads; deleting the message deletes the files', async () => {
    const [alice, bob] = await Promise.all([member('Alice'), member('Bob')]);
    const png = gradientPng(IMAGE_SIZE, [250, 170, 60], [90, 40, 180]);
    const pdf = minimalPdf();
    const text = 'the map and the rules for saturday';

    // Alice picks both files through the Attach button; each uploads at once, and Send waits for them.
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.locator('chat-messages [part="attach"]').click()]);
    await chooser.setFiles([
      { name: 'map.png', mimeType: 'image/png', buffer: png },
      { name: 'rules.pdf', mimeType: 'application/pdf', buffer: pdf },
    ]);
    const uploads = alice.locator('chat-messages [part~="upload"]');
    await expect.poll(() => uploads.count()).toBe(2);
    await expect.poll(() => alice.locator('chat-messages [part~="upload"][part~="done"]').count(), { timeout: 15_000 }).toBe(2);
    expect(await alice.locator('chat-messages [part="upload-progress"]').count()).toBe(0);
    await alice.locator('chat-messages textarea').fill(text);
    await alice.locator('chat-messages textarea').press('Enter');
    await expect.poll(() => uploads.count(), { timeout: 10_000 }).toBe(0);

    // The server holds the message with both files, and their bytes in its data directory.
    const token = await tokenOf(alice);
    const headers = { authorization: `Bearer ${token}` };
    const listed = await fetch(`${session.server.url}/api/channels/${CHANNEL_ID}/messages`, { headers });
    const { messages } = (await listed.json()) as {
      messages: Array<{
        id: string;
        content: string;
        attachments: Array<{ id: string; name: string; size: number; width: number | null }>;
      }>;
    };
    const sent = messages.find((message) => message.content === text);
    expect(sent?.attachments.map(({ name, size, width }) => ({ name, size, width }))).toEqual([
      { name: 'map.png', size: png.length, width: IMAGE_SIZE },
      { name: 'rules.pdf', size: pdf.length, width: null },
    ]);
    const ids = sent!.attachments.map((attachment) => attachment.id);
    const blobDirectory = path.join(session.server.dataDir, 'attachments');
    expect(await filesUnder(blobDirectory)).toEqual(expect.arrayContaining(ids));

    /** What a page shows of the message: its image decoded at full width in a box of its size, and the PDF's card. */
    const expectShown = async (page: Page) => {
      const row = messageRow(page, text);
      await row.waitFor({ timeout: 10_000 });
      const image = row.locator('[part="image"] img');
      await expect.poll(() => image.count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => naturalWidth(image), { timeout: 10_000 }).toBe(IMAGE_SIZE);
      // The box is the image's own size (under the 400 × 300 cap), kept from before the bytes came.
      const box = await row.locator('.image-box').boundingBox();
      expect(box && [Math.round(box.width), Math.round(box.height)]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
      const card = row.locator('[part="file"]');
      await expect.poll(() => card.textContent()).toContain('rules.pdf');
      expect(await card.textContent()).toContain(`${pdf.length} bytes`);
      return { row, image, card };
    };

    // Bob sees it live, and his Download yields the same bytes.
    const { card } = await expectShown(bob);
    await expectShown(alice);
    await bob.screenshot({ path: `${ARTIFACTS}/files-message.png` });
    const [download] = await Promise.all([bob.waitForEvent('download'), card.locator('[part="download"]').click()]);
    expect(download.suggestedFilename()).toBe('rules.pdf');
    expect(Buffer.compare(await readFile(await download.path()), pdf)).toBe(0);

    // Both reload: the message still has its image and card. Bob's image bytes are held back at
    // first: the row already keeps the image's box at its size, so nothing moves when they come.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const imageAddress = `${session.server.url}/api/attachments/${ids[0]}`;
    let asked = 0;
    await bob.route(imageAddress, async (route) => {
      asked++;
      await held;
      await route.continue();
    });
    await Promise.all([alice.reload(), bob.reload()]);
    const waiting = messageRow(bob, text);
    await waiting.locator('.image-box').waitFor({ timeout: 10_000 });
    await expect.poll(() => asked, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await waiting.locator('.image-box img').count()).toBe(0);
    const reserved = await waiting.locator('.image-box').boundingBox();
    expect(reserved && [Math.round(reserved.width), Math.round(reserved.height)]).toEqual([IMAGE_SIZE, IMAGE_SIZE]);
    release();
    const { row: bobRow } = await expectShown(bob);
    await bob.unroute(imageAddress);
    await expectShown(alice);

    // Bob opens the image in the viewer; axe finds nothing wrong with it open; Escape closes it.
    const opener = bobRow.locator('[part="image"]');
    await opener.click();
    const viewer = bob.locator('chat-messages dialog[part="lightbox"]');
    await viewer.waitFor({ timeout: 10_000 });
    expect(await viewer.evaluate((dialog) => (dialog as HTMLDialogElement).open && dialog.matches(':modal'))).toBe(true);
    await expect.poll(() => naturalWidth(viewer.locator('[part="lightbox-image"]')), { timeout: 10_000 }).toBe(IMAGE_SIZE);
    expect(await viewer.textContent()).toContain('map.png');
    await bob.screenshot({ path: `${ARTIFACTS}/files-lightbox.png` });
    expect(await axeViolations(bob)).toEqual([]);
    await bob.keyboard.press('Escape');
    await expect.poll(() => viewer.count(), { timeout: 10_000 }).toBe(0);
    // The focus goes back to the image that opened the viewer.
    expect(await opener.evaluate((button) => (button.getRootNode() as ShadowRoot).activeElement === button)).toBe(true);

    // Alice deletes the message from its toolbar: both see it go, and its files go with it.
    const aliceRow = messageRow(alice, text);
    await aliceRow.hover();
    await aliceRow.locator('[part="toolbar"] button[aria-label="Delete"]').click();
    await aliceRow.locator('[part="confirm-delete"]').click();
    for (const page of [alice, bob]) {
      await expect.poll(() => messageRow(page, text).count(), { timeout: 10_000 }).toBe(0);
      expect(await page.locator('chat-messages [part="image"], chat-messages [part="file"]').count()).toBe(0);
    }
    for (const id of ids) {
      const res = await fetch(`${session.server.url}/api/attachments/${id}`, { headers });
      expect(res.status, `GET /api/attachments/${id}`).toBe(404);
    }
    const left = await filesUnder(blobDirectory);
    expect(left.filter((name) => ids.some((id) => name.startsWith(id)))).toEqual([]);
  });
});
