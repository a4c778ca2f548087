import { describe, expect, it } from "vitest";
import { htmlToText } from "./html-text.ts";

describe("htmlToText", () => {
  it("keeps one paragraph per block and collapses the source's whitespace inside them", () => {
    const html =
      "<h2>Rates</h2><p>The Fed   held\n\n rates <b>steady</b>.</p><ul><li>One</li><li>Two</li></ul>";
    expect(htmlToText(html)).toBe("Rates\n\nThe Fed held rates steady.\n\nOne\n\nTwo");
  });

  it("breaks at <br>, joins inline elements, and decodes entities", () => {
    expect(htmlToText("S&amp;P&nbsp;500<br>up <i>1</i>%")).toBe("S&P 500\n\nup 1%");
  });

  it("drops scripts, styles, templates and comments but keeps text that merely looks like code", () => {
    const html =
      "<p>a &lt; b</p><script>steal()</script><style>p{}</style><template>t</template><!-- hidden --><p>if (x) { y }</p>";
    expect(htmlToText(html)).toBe("a < b\n\nif (x) { y }");
  });

  it("treats text that is not HTML as text", () => {
    expect(htmlToText("AT&T < 5 & rising")).toBe("AT&T < 5 & rising");
    expect(htmlToText("   ")).toBe("");
  });
});
