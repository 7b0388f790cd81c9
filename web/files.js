// The browser's file pickers and downloads, as the host services and my set use them.

// Opens a file picker (a hidden <input type=file id=...> the tests can find); `use(files)` gets the chosen files.
export function pickFiles({ accept, multiple = false, id }, use) {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = accept;
  input.multiple = multiple;
  input.id = id;
  input.style.display = 'none';
  input.onchange = async () => {
    const files = Array.from(input.files);
    input.remove();
    if (files.length) await use(files);
  };
  document.body.appendChild(input);
  input.click();
}

// Offers `bytes` as a download named `name`.
export function download(name, bytes) {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
