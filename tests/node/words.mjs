// Compares the words readers extract from PDFs with the words outreach set.
//
//   node words.mjs [--floor READER:ALL:LAMALEF:ZWNJ ...] DOC...
//
// Each DOC names a pair of files, DOC.pdf and DOC.txt (the same document
// rendered with --format list). The expected words are those of every text
// frame in DOC.txt; the extracted words come from pdftotext (poppler),
// pdf.js, PDFium and MuPDF.js. A word counts when it comes back exactly (NFC,
// bidi controls ignored), ZWNJ included: a reader that drops the Farsi
// non-joiner has changed the word. Prints a table of percentages per reader;
// exits 1 when a reader is below its floor (percent of all words, of words
// with a lam-alef ligature, of words with a ZWNJ).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { extract } from "./extract.mjs";

const readers = ["poppler", "pdfjs", "pdfium", "mupdf"];

const args = process.argv.slice(2);
const floors = {};
const docs = [];
for (let i = 0; i < args.length; i++) {
    if (args[i] === "--floor") {
        const [reader, all, lam, zwnj] = args[++i].split(":");
        floors[reader] = { all: +all, lam: +lam, zwnj: +zwnj };
    } else {
        docs.push(args[i]);
    }
}

// Bidi controls are invisible and readers add or drop them freely.
const controls = /[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const edges = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;
function words(text) {
    return text.normalize("NFC").replace(controls, "").split(/[\s\u00a0]+/u)
        .map((w) => w.replace(edges, "")).filter((w) => w.length > 0);
}

function expectedText(list) {
    const texts = [];
    for (const line of readFileSync(list, "utf8").split("\n")) {
        const m = /^  text \S+ .*? color=#[0-9a-f]{6} "((?:[^"\\]|\\.)*)"/u.exec(line);
        if (!m)
            continue;
        texts.push(m[1].replace(/\\n/g, "\n").replace(/\\(.)/g, "$1")
            .replace(/<(LRI|RLI|FSI|PDI)>/g, ""));
    }
    return texts.join("\n");
}

async function extractFile(reader, pdf) {
    if (reader === "poppler")
        return execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
    return extract(reader, new Uint8Array(readFileSync(pdf)));
}

const lamAlef = /\u0644[\u0622\u0623\u0625\u0627]/u;
const zwnj = /\u200c/u;
const totals = {};
for (const reader of readers)
    totals[reader] = { all: [0, 0], lam: [0, 0], zwnj: [0, 0], missed: [] };

for (const doc of docs) {
    const expected = words(expectedText(`${doc}.txt`));
    for (const reader of readers) {
        const found = new Map();
        for (const w of words(await extractFile(reader, `${doc}.pdf`)))
            found.set(w, (found.get(w) || 0) + 1);
        const t = totals[reader];
        for (const w of expected) {
            const hit = (found.get(w) || 0) > 0;
            if (hit)
                found.set(w, found.get(w) - 1);
            else
                t.missed.push(w);
            const kinds = ["all"];
            if (lamAlef.test(w))
                kinds.push("lam");
            if (zwnj.test(w))
                kinds.push("zwnj");
            for (const k of kinds) {
                t[k][0] += hit ? 1 : 0;
                t[k][1] += 1;
            }
        }
    }
}

const percent = ([hit, total]) => (total ? (100 * hit) / total : 100);
let failed = false;
console.log("reader   all words        lam-alef words   ZWNJ words");
for (const reader of readers) {
    const t = totals[reader];
    const cell = (k) => `${percent(t[k]).toFixed(0).padStart(3)} % (${t[k][0]}/${t[k][1]})`.padEnd(17) + " ";
    console.log(`${reader.padEnd(8)} ${cell("all")}${cell("lam")}${cell("zwnj")}`);
    if (process.env.VERBOSE)
        console.log(`  ${reader} missed: ${t.missed.join(" ")}`);
    const floor = floors[reader];
    if (!floor)
        continue;
    for (const k of ["all", "lam", "zwnj"]) {
        if (percent(t[k]) < floor[k]) {
            console.log(`  ${reader}: ${k} words ${percent(t[k]).toFixed(1)} % is below the floor of ${floor[k]} %`);
            failed = true;
        }
    }
    if (failed && !process.env.VERBOSE)
        console.log(`  ${reader} missed: ${t.missed.join(" ")}`);
}
process.exit(failed ? 1 : 0);
