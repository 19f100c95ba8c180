/**
 * Styles inside the shadow root, so the page's CSS cannot restyle (or hide) the choices and ours
 * cannot leak out. Themable through CSS custom properties, which do cross the shadow boundary:
 * --pg-font, --pg-bg, --pg-fg, --pg-muted, --pg-accent, --pg-accent-fg, --pg-border, --pg-radius,
 * --pg-backdrop, --pg-z. Agree and refuse share one style (refusing is as easy as agreeing).
 */
export const CSS = `
:host{all:initial}
.bd{position:fixed;inset:0;z-index:var(--pg-z,2147483000);background:var(--pg-backdrop,rgba(0,0,0,.45));display:flex;align-items:center;justify-content:center;padding:1rem}
.dlg{box-sizing:border-box;font:15px/1.6 var(--pg-font,system-ui,"PingFang SC","Microsoft YaHei",sans-serif);color:var(--pg-fg,#1a1a1a);background:var(--pg-bg,#fff);border-radius:var(--pg-radius,12px);max-width:36rem;width:100%;max-height:calc(100vh - 2rem);overflow:auto;padding:1.25rem 1.25rem 1rem;box-shadow:0 10px 40px rgba(0,0,0,.3)}
h2{font-size:1.2rem;margin:0 0 .5rem;outline:none}
p{margin:.4rem 0}
a{color:var(--pg-accent,#0b57d0)}
.top{display:flex;justify-content:space-between;gap:.5rem;align-items:start}
.muted,.why{color:var(--pg-muted,#555);font-size:.88rem}
ul{list-style:none;margin:.75rem 0;padding:0}
li{border:1px solid var(--pg-border,#d0d0d0);border-radius:calc(var(--pg-radius,12px) - 4px);padding:.75rem;margin:.5rem 0}
.name{font-weight:600}
.tag{display:inline-block;font-size:.75rem;border:1px solid currentColor;border-radius:4px;padding:0 .3rem;margin-left:.35rem;color:var(--pg-muted,#555)}
.row{display:flex;gap:.5rem;margin-top:.5rem}
button{font:inherit;cursor:pointer;flex:1;min-height:2.75rem;padding:.45rem .8rem;border-radius:8px;border:2px solid var(--pg-accent,#0b57d0);background:var(--pg-bg,#fff);color:var(--pg-accent,#0b57d0)}
button[aria-pressed=true],button.main{background:var(--pg-accent,#0b57d0);color:var(--pg-accent-fg,#fff)}
button:disabled{opacity:.5;cursor:default}
button:focus-visible,a:focus-visible{outline:3px solid var(--pg-accent,#0b57d0);outline-offset:2px}
.lang{flex:0 0 auto;min-height:2rem;border-width:1px;font-size:.85rem}
.note{background:var(--pg-note,#fff4d6);padding:.5rem .75rem;border-radius:8px}
.err{color:#b3261e}
`;
