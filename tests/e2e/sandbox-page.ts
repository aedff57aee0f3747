import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for one sandbox: finds its parts by role and accessible name. */
export class SandboxPage {
  readonly page: Page;
  readonly root: Locator;

  constructor(page: Page, root?: Locator) {
    this.page = page;
    this.root = root ?? page.locator('.np-sandbox').first();
  }

  /** The policy editor: a plain text area until CodeMirror takes over, then CodeMirror's content element. */
  get editor(): Locator {
    return this.root.getByRole('textbox', { name: 'Policies (YAML)' });
  }

  /** Replaces the whole policies text, as a learner would by select-all and typing. */
  async setPolicies(text: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  async showTable(): Promise<void> {
    await this.root.getByRole('button', { name: 'Table' }).click();
  }

  async choosePort(label: string): Promise<void> {
    await this.root.getByRole('combobox', { name: 'Port' }).selectOption(label);
  }

  /** The truth-table cell for a pair; its name ends in `allowed` or `denied`. */
  cell(from: string, to: string): Locator {
    return this.root.getByRole('button', { name: new RegExp(`^${from} to ${to}: (allowed|denied)$`) });
  }

  async expectCell(from: string, to: string, verdict: 'allowed' | 'denied'): Promise<void> {
    await expect(this.cell(from, to)).toHaveAccessibleName(`${from} to ${to}: ${verdict}`);
  }

  /**
   * Waits for the editor, then points at it, as a learner reaching for it does, and waits until CodeMirror
   * has replaced the plain text area the page starts with.
   */
  async ready(timeout = 15_000): Promise<void> {
    await expect(this.editor).toBeVisible({ timeout });
    // A pointer that entered before the page's script ran went unseen: come in again until it takes.
    await expect(async () => {
      await this.page.mouse.move(0, 0);
      await this.editor.hover();
      await expect(this.editor).toHaveAttribute('contenteditable', 'true', { timeout: 3_000 });
    }).toPass({ timeout });
  }
}
