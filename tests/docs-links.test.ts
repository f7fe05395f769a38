/**
 * Documentation links: every relative link in README.md, the other Markdown files of the repository root and
 * docs/ must name a file or folder of the repository, and every #anchor must name a heading of its target, slugged
 * the way GitHub slugs headings. Markdown is parsed with markdown-it (so links inside code are not links, and
 * reference-style links are resolved); slugs come from github-slugger, GitHub's own algorithm in JavaScript.
 * Only headings make anchors here: the docs use no HTML anchors (`<a name>`, `id=`), and links written as raw
 * HTML are not checked.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import GithubSlugger from "github-slugger";
import MarkdownIt from "markdown-it";

const REPOSITORY_ROOT = path.resolve(__dirname, "..");

/**
 * Link targets that may be missing for now, each with the reason. The test below fails as soon as one exists, so
 * an entry cannot outlive its reason. A missing allowed file has no headings: an anchor into it is still refused.
 */
const NOT_YET_WRITTEN: ReadonlyMap<string, string> = new Map<string, string>([]);

/** The files a link may point at: a real checkout, or a fixed set of files for the checker's own tests. */
interface Files {
    /** A file or a folder, by repository-relative path with `/` separators. */
    exists(relativePath: string): boolean;
    isMarkdown(relativePath: string): boolean;
    read(relativePath: string): string;
}

interface Link {
    href: string;
    line: number;
}

interface ParsedMarkdown {
    links: Link[];
    /** GitHub's anchor for each heading, duplicates numbered (`-1`, `-2`) as GitHub numbers them. */
    anchors: Set<string>;
}

const markdown = new MarkdownIt();

/** The text GitHub slugs for a heading: its rendered text content (code spans keep their text, images none). */
function headingText(inline: MarkdownIt.Token): string {
    return (inline.children ?? [])
        .filter((child) => child.type === "text" || child.type === "code_inline" || child.type === "text_special")
        .map((child) => child.content)
        .join("");
}

function parseMarkdown(text: string): ParsedMarkdown {
    const tokens = markdown.parse(text, {});
    const slugger = new GithubSlugger();
    const links: Link[] = [];
    const anchors = new Set<string>();
    let line = 1;
    tokens.forEach((token, index) => {
        if (token.map) line = token.map[0] + 1;
        if (token.type === "heading_open") anchors.add(slugger.slug(headingText(tokens[index + 1])));
        for (const child of token.children ?? []) {
            const href = child.type === "link_open" ? child.attrGet("href") : child.type === "image" ? child.attrGet("src") : null;
            if (typeof href === "string") links.push({ href, line });
        }
    });
    return { links, anchors };
}

/** A link with a scheme (`https:`, `mailto:`) or protocol-relative (`//host`) leaves the repository: not checked. */
function isExternal(href: string): boolean {
    return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//");
}

/** One line per broken link: `<file>:<line>: link "<href>": <what is wrong>`. */
function linkProblems(sources: readonly string[], files: Files, notYetWritten: ReadonlyMap<string, string>): string[] {
    const parsed = new Map<string, ParsedMarkdown>();
    const parse = (relativePath: string): ParsedMarkdown => {
        let result = parsed.get(relativePath);
        if (!result) parsed.set(relativePath, (result = parseMarkdown(files.read(relativePath))));
        return result;
    };
    const problems: string[] = [];
    for (const source of sources) {
        for (const { href, line } of parse(source).links) {
            if (isExternal(href)) continue;
            const report = (what: string) => problems.push(`${source}:${line}: link "${href}": ${what}`);
            const hash = href.indexOf("#");
            const linkPath = decodeURIComponent(hash < 0 ? href : href.slice(0, hash));
            const anchor = hash < 0 ? undefined : decodeURIComponent(href.slice(hash + 1));
            if (linkPath.startsWith("/")) {
                report("starts with /, which GitHub resolves outside the repository; write it relative to the file");
                continue;
            }
            const target = linkPath === "" ? source : path.posix.normalize(path.posix.join(path.posix.dirname(source), linkPath)).replace(/\/$/, "");
            if (target === ".." || target.startsWith("../")) {
                report("points outside the repository");
                continue;
            }
            if (!files.exists(target)) {
                if (!notYetWritten.has(target)) report(`no file or folder ${target}`);
                else if (anchor !== undefined) report(`${target} is not written yet, so it has no heading #${anchor}`);
                continue;
            }
            if (anchor === undefined) continue;
            if (!files.isMarkdown(target)) report(`#${anchor} points into ${target}, which is not Markdown, so the anchor cannot be checked`);
            else if (!parse(target).anchors.has(anchor)) report(`${target} has no heading with the anchor #${anchor}`);
        }
    }
    return problems;
}

function checkout(root: string): Files {
    const absolute = (relativePath: string) => path.join(root, ...relativePath.split("/"));
    return {
        exists: (relativePath) => fs.existsSync(absolute(relativePath)),
        isMarkdown: (relativePath) => relativePath.endsWith(".md") && fs.statSync(absolute(relativePath)).isFile(),
        read: (relativePath) => fs.readFileSync(absolute(relativePath), "utf8"),
    };
}

/** README.md and every other *.md in the repository root, then every *.md in docs/. */
function markdownSources(root: string): string[] {
    const inFolder = (folder: string) =>
        fs.existsSync(path.join(root, folder))
            ? fs
                  .readdirSync(path.join(root, folder))
                  .filter((name) => name.endsWith(".md"))
                  .sort()
                  .map((name) => path.posix.join(folder, name))
            : [];
    return [...inFolder("."), ...inFolder("docs")];
}

/** A fixed set of files (folders are the parents of the files), for testing the checker itself. */
function fixedFiles(contents: Record<string, string>): Files {
    const folders = new Set(
        Object.keys(contents).flatMap((file) =>
            file
                .split("/")
                .slice(0, -1)
                .map((_, i, parts) => parts.slice(0, i + 1).join("/")),
        ),
    );
    return {
        exists: (relativePath) => relativePath in contents || folders.has(relativePath),
        isMarkdown: (relativePath) => relativePath in contents && relativePath.endsWith(".md"),
        read: (relativePath) => contents[relativePath],
    };
}

describe("documentation links (README.md, *.md, docs/*.md)", () => {
    describe("the repository's Markdown", () => {
        const sources = markdownSources(REPOSITORY_ROOT);

        it("reads README.md and the pages under docs/", () => {
            assert.ok(sources.includes("README.md"), `sources: ${sources.join(", ")}`);
            assert.ok(
                sources.some((source) => source.startsWith("docs/")),
                `sources: ${sources.join(", ")}`,
            );
        });

        it("every relative link names an existing file or folder, and every anchor a heading of its target", () => {
            assert.deepEqual(linkProblems(sources, checkout(REPOSITORY_ROOT), NOT_YET_WRITTEN), []);
        });

        it("a file allowed to be missing is still missing (remove its entry once it exists)", () => {
            const written = [...NOT_YET_WRITTEN.keys()].filter((file) => fs.existsSync(path.join(REPOSITORY_ROOT, file)));
            assert.deepEqual(written, []);
        });

        it("the README's scenarios table links every example under examples/", () => {
            const examples = fs
                .readdirSync(path.join(REPOSITORY_ROOT, "examples"), { withFileTypes: true })
                .filter((entry) => entry.isDirectory())
                .map((entry) => entry.name)
                .sort();
            const linked = new Set(
                parseMarkdown(fs.readFileSync(path.join(REPOSITORY_ROOT, "README.md"), "utf8")).links.map((link) => link.href.replace(/\/$/, "")),
            );
            assert.ok(examples.length > 0);
            assert.deepEqual(
                examples.filter((example) => !linked.has(`examples/${example}`)),
                [],
            );
        });
    });

    describe("the checker", () => {
        const check = (contents: Record<string, string>, notYetWritten: ReadonlyMap<string, string> = new Map()) =>
            linkProblems(
                Object.keys(contents).filter((file) => file.endsWith(".md")),
                fixedFiles(contents),
                notYetWritten,
            );

        it("reports a link to a missing file with the file, the line and the resolved path", () => {
            assert.deepEqual(check({ "README.md": "# Title\n\nSee [deploy](docs/deploy.md).\n" }), [
                'README.md:3: link "docs/deploy.md": no file or folder docs/deploy.md',
            ]);
        });

        it("resolves a link relative to the file that holds it, folders included", () => {
            const contents = {
                "README.md": "[page](docs/a.md) [example](examples/demo/)\n",
                "docs/a.md": "[back](../README.md) [sibling](b.md) [example](../examples/demo) [missing](../b.md)\n",
                "docs/b.md": "# B\n",
                "examples/demo/Pulumi.yaml": "name: demo\n",
            };
            assert.deepEqual(check(contents), ['docs/a.md:1: link "../b.md": no file or folder b.md']);
        });

        it("reports an anchor that no heading of the target has, in the same file and in another", () => {
            const contents = {
                "README.md": "# Intro\n\n[here](#intro) [gone](#outro)\n\n[there](docs/a.md#trust-modes) [wrong](docs/a.md#trust-mode)\n",
                "docs/a.md": "# Trust modes\n",
            };
            assert.deepEqual(check(contents), [
                'README.md:3: link "#outro": README.md has no heading with the anchor #outro',
                'README.md:5: link "docs/a.md#trust-mode": docs/a.md has no heading with the anchor #trust-mode',
            ]);
        });

        it("slugs headings as GitHub does: lower case, punctuation dropped, code kept as text, repeats numbered", () => {
            const page = [
                "# When B's role is recreated",
                "## Check that it works: `npm run verify`",
                "## 1. EC2 cron job reads a log group — `examples/ec2-logs`",
                "## Notes",
                "## Notes",
                "",
            ].join("\n");
            assert.deepEqual(
                [...parseMarkdown(page).anchors],
                ["when-bs-role-is-recreated", "check-that-it-works-npm-run-verify", "1-ec2-cron-job-reads-a-log-group--examplesec2-logs", "notes", "notes-1"],
            );
        });

        it("checks reference-style links and images, and ignores links inside code", () => {
            const contents = {
                "README.md": "See [the page][page] and ![diagram](missing.png).\n\n`[not](a-link.md)`\n\n```\n[nor](this.md)\n```\n\n[page]: gone.md\n",
            };
            assert.deepEqual(check(contents), [
                'README.md:1: link "gone.md": no file or folder gone.md',
                'README.md:1: link "missing.png": no file or folder missing.png',
            ]);
        });

        it("leaves external links alone, and refuses absolute paths and paths out of the repository", () => {
            const contents = { "README.md": "[a](https://example.com/x.md) [b](mailto:a@b.c) [c](/docs/a.md) [d](../elsewhere.md)\n" };
            assert.deepEqual(check(contents), [
                'README.md:1: link "/docs/a.md": starts with /, which GitHub resolves outside the repository; write it relative to the file',
                'README.md:1: link "../elsewhere.md": points outside the repository',
            ]);
        });

        it("accepts an allow-listed missing file by name, but not an anchor into it", () => {
            const allowed = new Map([["docs/configuration.md", "not generated yet"]]);
            const contents = { "README.md": "[keys](docs/configuration.md) [one key](docs/configuration.md#side)\n" };
            assert.deepEqual(check(contents, allowed), [
                'README.md:1: link "docs/configuration.md#side": docs/configuration.md is not written yet, so it has no heading #side',
            ]);
        });

        it("refuses an anchor into a file that is not Markdown", () => {
            const contents = { "README.md": "[line](index.ts#L3)\n", "index.ts": "export {};\n" };
            assert.deepEqual(check(contents), [
                'README.md:1: link "index.ts#L3": #L3 points into index.ts, which is not Markdown, so the anchor cannot be checked',
            ]);
        });
    });
});
