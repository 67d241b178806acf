/** The look of Slack's desktop thread pane (light theme), in the measures the app uses. */
export const THREAD_CSS = `
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; }
body {
  font-family: 'Lato', 'Slack-Lato', 'Helvetica Neue', Helvetica, Arial, 'Noto Color Emoji', sans-serif;
  font-size: 15px; line-height: 22px; color: #1d1c1d;
  -webkit-font-smoothing: antialiased; font-variant-ligatures: common-ligatures;
}
.pane { width: 100%; border-left: 1px solid rgba(29,28,29,.13); }
.pane-head {
  display: flex; align-items: baseline; gap: 10px; height: 49px; padding: 12px 16px 0 20px;
  border-bottom: 1px solid rgba(29,28,29,.13);
}
.pane-title { font-size: 18px; font-weight: 900; }
.pane-channel { font-size: 13px; color: #616061; }
.pane-close { margin-left: auto; color: #616061; font-size: 15px; }
.pane-scroll { padding: 8px 0 4px; }
.msg { display: flex; gap: 8px; padding: 8px 20px; }
.avatar { flex: 0 0 36px; height: 36px; margin-top: 4px; }
.avatar svg { display: block; border-radius: 6px; }
.msg-body { flex: 1; min-width: 0; }
.msg-head { display: flex; align-items: baseline; gap: 4px; line-height: 22px; }
.sender { font-weight: 900; }
.app-badge {
  font-size: 10px; line-height: 14px; font-weight: 700; padding: 0 3px; border-radius: 2px;
  background: rgba(29,28,29,.13); color: rgba(29,28,29,.7); margin-left: 2px; position: relative; top: -1px;
}
.time { font-size: 12px; color: #616061; margin-left: 4px; }
.reply-count { display: flex; align-items: center; gap: 12px; padding: 6px 20px 6px; font-size: 13px; color: #616061; }
.reply-count::after { content: ''; flex: 1; border-top: 1px solid rgba(29,28,29,.13); }
.blocks { display: flex; flex-direction: column; }
p { margin: 0; }
b { font-weight: 700; }
.b-header { font-size: 18px; line-height: 24px; font-weight: 900; margin: 4px 0 4px; }
.b-section { display: flex; gap: 12px; margin: 4px 0; }
.b-main { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.b-fields { display: grid; grid-template-columns: 1fr 1fr; column-gap: 16px; row-gap: 8px; }
.b-text + .b-fields { margin-top: 8px; }
.b-context {
  display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; margin: 4px 0;
  font-size: 12px; line-height: 18px; color: #616061;
}
.b-context .emoji { font-size: 15px; }
.ctx-img { width: 16px; height: 16px; border-radius: 4px; background: #ddd; display: inline-block; }
.b-divider { border: 0; border-top: 1px solid rgba(29,28,29,.13); margin: 10px 0; }
.b-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.btn {
  display: inline-flex; align-items: center; height: 28px; min-width: 56px; padding: 0 12px;
  font-size: 13px; font-weight: 700; border: 1px solid rgba(29,28,29,.3); border-radius: 4px;
  background: #fff; color: #1d1c1d; justify-content: center; white-space: nowrap;
}
.btn-primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.btn-danger { background: #e01e5a; border-color: #e01e5a; color: #fff; }
.unknown, .b-unknown { color: #b00; font-style: italic; }
.emoji { font-family: 'Noto Color Emoji', sans-serif; font-size: 18px; line-height: 1; vertical-align: -1px; }
code {
  font-family: Monaco, Menlo, Consolas, 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 12px;
  line-height: 18px; color: #c01343; background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13);
  border-radius: 3px; padding: 2px 3px 1px;
}
pre {
  font-family: Monaco, Menlo, Consolas, 'DejaVu Sans Mono', 'Courier New', monospace; font-size: 12px;
  line-height: 18px; margin: 4px 0; padding: 8px; white-space: pre-wrap; overflow-wrap: anywhere;
  background: rgba(29,28,29,.04); border: 1px solid rgba(29,28,29,.13); border-radius: 4px;
}
blockquote { margin: 0; padding-left: 12px; border-left: 4px solid rgba(29,28,29,.13); }
.mention { color: #1264a3; background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 2px; }
.mention.broadcast { color: #1d1c1d; background: rgba(232,145,45,.2); }
.link { color: #1264a3; text-decoration: none; }
.composer { padding: 8px 20px 20px; }
.composer-box {
  border: 1px solid rgba(29,28,29,.3); border-radius: 8px; padding: 11px 12px; color: #868686; font-size: 15px;
  min-height: 80px;
}
.composer-also { display: flex; align-items: center; gap: 8px; margin-top: 8px; font-size: 13px; color: #616061; }
.checkbox { width: 14px; height: 14px; border: 1px solid rgba(29,28,29,.5); border-radius: 3px; }
.peek { position: relative; height: 90px; overflow: hidden; }
.fade { position: absolute; inset: 0; background: linear-gradient(rgba(255,255,255,0), #fff 85%); }
`;
