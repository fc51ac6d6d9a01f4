-- Drives `tlslint server` from headless Neovim's built-in LSP client (Neovim 0.7's API:
-- vim.lsp.start_client, buf_attach_client, buf_request_sync), as tests/neovim.rs sets it up:
--   TLSLINT_BIN      the tlslint binary
--   TLSLINT_FIXTURE  a copy of test-repos/console-net45-no-opt-in whose Uploader.cs offers
--                    `SslProtocols.Tls | SslProtocols.Tls12` (TLS002, a safe fix)
--   TLSLINT_TLS002   "line:column" of that finding, 0-based (column in bytes)
-- Exits 0 when every step held; otherwise prints the failed step and exits 1.

local bin = os.getenv('TLSLINT_BIN')
local root = os.getenv('TLSLINT_FIXTURE')
local expected = os.getenv('TLSLINT_TLS002')
local TIMEOUT = 60000

local function fail(message)
  io.stderr:write('neovim: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out, tostring(code))
  end
  table.sort(out)
  return table.concat(out, ',')
end

local function wait_for_codes(bufnr, wanted, step)
  local ok = vim.wait(TIMEOUT, function() return codes(bufnr) == wanted end, 20)
  if not ok then
    fail(step .. ': expected diagnostics ' .. wanted .. ', got ' .. codes(bufnr))
  end
end

local function open(path, client_id)
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr
end

local function run()
  local client_id = vim.lsp.start_client({
    name = 'tlslint',
    cmd = { bin, 'server' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'fixture' } },
  })
  if not client_id then
    return fail('the client did not start')
  end

  -- Diagnostics of a source file: code and range.
  local uploader = open('ReportExporter/Uploader.cs', client_id)
  wait_for_codes(uploader, 'TLS002', 'Uploader.cs')
  local d = vim.diagnostic.get(uploader)[1]
  local position = d.lnum .. ':' .. d.col
  if position ~= expected then
    return fail('TLS002 at ' .. position .. ', expected ' .. expected)
  end

  -- The safe fix, requested as a code action and applied to the buffer.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(uploader) },
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum, character = d.end_col },
    },
    context = { diagnostics = {}, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(uploader, 'textDocument/codeAction', params, TIMEOUT)
  local preferred
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      if action.isPreferred then preferred = action end
    end
  end
  if not preferred then
    return fail('no preferred code action: ' .. vim.inspect(responses))
  end
  local client = vim.lsp.get_client_by_id(client_id)
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  local line = vim.api.nvim_buf_get_lines(uploader, d.lnum, d.lnum + 1, false)[1]
  if not line:find(', null, System.Security.Authentication.SslProtocols.Tls12, false);', 1, true) then
    return fail('the fixed line is ' .. line)
  end
  wait_for_codes(uploader, '', 'Uploader.cs after the fix')

  -- Project-aware: the opt-in typed into App.config (unsaved) clears TLS006 on the project.
  local project = open('ReportExporter/ReportExporter.csproj', client_id)
  wait_for_codes(project, 'TLS005,TLS006', 'ReportExporter.csproj')
  local config = open('ReportExporter/App.config', client_id)
  wait_for_codes(config, 'TLS005', 'App.config')
  local lines = vim.api.nvim_buf_get_lines(config, 0, -1, false)
  local closing
  for i, text in ipairs(lines) do
    if text:find('</configuration>', 1, true) then closing = i - 1 end
  end
  vim.api.nvim_buf_set_lines(config, closing, closing, false, {
    '  <runtime>',
    '    <AppContextSwitchOverrides value="Switch.System.Net.DontEnableSystemDefaultTlsVersions=false;Switch.System.Net.DontEnableSchUseStrongCrypto=false" />',
    '  </runtime>',
  })
  wait_for_codes(project, 'TLS005', 'ReportExporter.csproj after the App.config edit')

  vim.lsp.stop_client(client_id)
  vim.cmd('qall!')
end

local ok, err = pcall(run)
if not ok then
  fail(tostring(err))
end
