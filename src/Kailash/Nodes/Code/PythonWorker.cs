using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Kailash.Nodes.Code;

/// <summary>
/// One <c>python3</c> process running <see cref="PythonWorkerScript"/>: started once, then reused for many requests (one at a
/// time). A timeout or a cancellation kills the process, so a runaway script never outlives its step.
/// </summary>
internal sealed class PythonWorker : IDisposable
{
    private const int StderrTail = 4096;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private PythonWorker(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
                if (_stderr.Length > StderrTail)
                {
                    _stderr.Remove(0, _stderr.Length - StderrTail);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>Gets a value indicating whether the process is still running (it can be reused).</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>Starts a worker and waits for its ready line.</summary>
    /// <param name="interpreter">The Python executable (<c>python3</c> by default, found on PATH).</param>
    /// <param name="nodeId">The node, for error messages.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The ready worker.</returns>
    public static async Task<PythonWorker> StartAsync(string interpreter, string nodeId, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(interpreter)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("-I");
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(PythonWorkerScript.Source);
        info.Environment["PYTHONIOENCODING"] = "utf-8";

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new KailashException(
                ErrorCodes.PythonNotFound,
                $"PythonCodeNode '{nodeId}' needs Python 3, but '{interpreter}' could not be started ({ex.Message}). Please install Python 3 (python3 on PATH) or set the node's 'python' config to the interpreter's path.",
                nodeId,
                "python");
        }

        var worker = new PythonWorker(process);
        try
        {
            var ready = await worker.ReadLineAsync(nodeId, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(ready);
            if (!document.RootElement.TryGetProperty("ready", out _))
            {
                throw worker.Broken(nodeId, "it did not report ready");
            }

            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and reads its response.</summary>
    /// <param name="request">The request line (JSON, no newline).</param>
    /// <param name="nodeId">The node, for error messages.</param>
    /// <param name="cancellationToken">Cancels (and kills) the request.</param>
    /// <returns>The response line.</returns>
    public async Task<string> RequestAsync(string request, string nodeId, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(Kill).ConfigureAwait(false))
        {
            try
            {
                await _process.StandardInput.WriteLineAsync(request.AsMemory(), cancellationToken).ConfigureAwait(false);
                await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Broken(nodeId, "it stopped accepting requests");
            }

            return await ReadLineAsync(nodeId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Kills the process (and anything it started).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(TimeSpan.FromMilliseconds(200)))
                {
                    Kill();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task<string> ReadLineAsync(string nodeId, CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            line = null;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return line ?? throw Broken(nodeId, "it exited");
    }

    private KailashException Broken(string nodeId, string what)
    {
        string tail;
        lock (_stderr)
        {
            tail = _stderr.ToString().Trim();
        }

        return new KailashException(
            ErrorCodes.PythonWorkerFailed,
            $"PythonCodeNode '{nodeId}': the Python worker failed ({what}).{(tail.Length == 0 ? string.Empty : " Its error output: " + tail)}",
            nodeId);
    }
}
