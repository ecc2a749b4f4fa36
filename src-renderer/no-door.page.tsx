/**
 * Shown when the page was opened neither inside the ClerkDesk window nor through the link the
 * local browser host prints (with its one-time token). Plain HTML: nothing else is loaded yet.
 */
export function NoDoorPage() {
  return (
    <main className="no-door">
      <h1>ClerkDesk 售后信息员工作台</h1>
      <p>这个页面需要从 ClerkDesk 打开，现在连不上档案库。</p>
      <ol>
        <li>
          正常使用：双击桌面上的 <strong>ClerkDesk</strong> 图标，程序窗口会自动打开。
        </li>
        <li>
          用浏览器打开：在 ClerkDesk 文件夹里运行 <code>npm run serve</code>，然后打开它显示的完整链接（形如{' '}
          <code>http://127.0.0.1:端口/#token=…</code>）。链接里的 token 是访问口令，不能省略。
        </li>
        <li>如果之前能打开、现在不行：关掉这个页面，按上面的方法重新打开。</li>
      </ol>
      <p lang="en" className="no-door-en">
        ClerkDesk cannot reach its archive from this page. Open it from the ClerkDesk desktop app, or run{' '}
        <code>npm run serve</code> and open the full link it prints (including <code>#token=…</code>).
      </p>
    </main>
  );
}
