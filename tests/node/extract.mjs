// The text of each page of a PDF as a reader extracts it.
//
//   node extract.mjs READER FILE.pdf
//
// READER is pdfjs (Firefox's pdf.js), pdfium (Chrome's PDFium) or mupdf
// (MuPDF.js). Pages are separated by a form feed, as pdftotext does.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

let pdfium = null;

export async function extract(reader, data) {
    const pages = [];
    if (reader === "pdfjs") {
        const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
        const doc = await pdfjs.getDocument({ data: data.slice(), verbosity: 0 }).promise;
        for (let n = 1; n <= doc.numPages; n++) {
            const page = await doc.getPage(n);
            const content = await page.getTextContent();
            // What selecting the whole page copies: each text item, with a
            // line break where pdf.js ends a line.
            pages.push(content.items
                .map((item) => item.str + (item.hasEOL ? "\n" : ""))
                .join(""));
        }
        await doc.destroy();
    } else if (reader === "pdfium") {
        if (!pdfium) {
            const { PDFiumLibrary } = await import("@hyzyla/pdfium");
            pdfium = await PDFiumLibrary.init();
        }
        const doc = await pdfium.loadDocument(data.slice());
        for (const page of doc.pages())
            pages.push(page.getText());
        doc.destroy();
    } else if (reader === "mupdf") {
        const mupdf = await import("mupdf");
        const doc = mupdf.Document.openDocument(data.slice(), "application/pdf");
        for (let n = 0; n < doc.countPages(); n++)
            pages.push(doc.loadPage(n).toStructuredText("preserve-whitespace").asText());
    } else {
        throw new Error(`unknown reader ${reader}: pdfjs, pdfium or mupdf`);
    }
    return pages.join("\f");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const [reader, file] = process.argv.slice(2);
    if (!file) {
        console.error("usage: node extract.mjs pdfjs|pdfium|mupdf FILE.pdf");
        process.exit(2);
    }
    process.stdout.write(await extract(reader, new Uint8Array(await readFile(file))));
    process.exit(0);
}
