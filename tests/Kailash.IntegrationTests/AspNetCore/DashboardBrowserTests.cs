using System.Net.Http.Json;
using Kailash.IntegrationTests.Cli;
using static Kailash.IntegrationTests.AspNetCore.ApiAssertions;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// The <c>kailash serve</c> dashboard in a real headless Chromium (DevTools protocol): the recent runs are listed, the
/// selected run's graph is drawn with every node coloured by its status, its events are streamed, and a screenshot is
/// saved to the test output directory (<c>TestResults/dashboard-score-router.png</c> beside the test assembly) and
/// attached to the test result.
/// </summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task Dashboard_ShowsRecentRuns_AndTheRunGraphColouredByStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await ServeHarness.StartAsync(ServeHarness.ExamplesFolder("score-router.json", "linear-pipeline.json"));
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        var first = await JsonAsync(await client.PostAsJsonAsync("/kailash/workflows/linear-pipeline/runs?wait=true", new { }, ct));
        var run = await JsonAsync(await client.PostAsJsonAsync("/kailash/workflows/score-router/runs?wait=true", new { }, ct));
        var runId = run.GetProperty("run_id").GetString()!;
        Assert.Equal("completed", run.GetProperty("status").GetString());

        await using var browser = await HeadlessChromium.StartAsync(ct);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(TimeSpan.FromSeconds(60));
        await browser.SendAsync("Page.enable", null, bounded.Token);
        await browser.SendAsync("Page.navigate", new { url = $"{server.Address}/kailash/dashboard#run={Uri.EscapeDataString(runId)}" }, bounded.Token);
        await browser.WaitUntilAsync("document.querySelectorAll('#runs tr.run').length >= 2", bounded.Token);
        await browser.WaitUntilAsync("document.querySelectorAll('#graph svg g.node').length === 4 && document.body.dataset.finished === 'true'", bounded.Token);
        await browser.WaitUntilAsync("document.querySelectorAll('#graph svg g.node[data-status=\"skipped\"]').length === 1", bounded.Token);

        var listed = (await browser.EvaluateAsync("[...document.querySelectorAll('#runs tr.run')].map(r => r.dataset.runId + '|' + r.cells[1].textContent + '|' + r.cells[2].textContent).join('\\n')", bounded.Token)).GetString()!;
        var shownIds = (await browser.EvaluateAsync("new Set([...document.querySelectorAll('#runs tr.run')].map(r => r.cells[0].textContent)).size", bounded.Token)).GetInt32();
        var statuses = (await browser.EvaluateAsync("[...document.querySelectorAll('#graph svg g.node')].map(g => g.dataset.node + '=' + g.dataset.status).sort().join(',')", bounded.Token)).GetString();
        var fills = (await browser.EvaluateAsync("[...new Set([...document.querySelectorAll('#graph svg g.node rect')].map(r => r.getAttribute('fill')))].length", bounded.Token)).GetInt32();
        var events = (await browser.EvaluateAsync("[...document.querySelectorAll('#events li.event')].map(e => e.dataset.type).join(',')", bounded.Token)).GetString()!;
        var summary = (await browser.EvaluateAsync("document.getElementById('summary').textContent", bounded.Token)).GetString();
        var mermaid = (await browser.EvaluateAsync("document.getElementById('mermaid').textContent", bounded.Token)).GetString()!;
        var screenshot = Convert.FromBase64String((await browser.SendAsync("Page.captureScreenshot", new { format = "png" }, bounded.Token)).GetProperty("data").GetString()!);

        var output = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(output);
        await File.WriteAllBytesAsync(Path.Combine(output, "dashboard-score-router.png"), screenshot, ct);
        TestContext.Current.AddAttachment("dashboard-score-router.png", screenshot, "image/png");

        Assert.Contains($"{runId}|score-router|completed", listed, StringComparison.Ordinal);
        Assert.Contains($"{first.GetProperty("run_id").GetString()}|linear-pipeline|completed", listed, StringComparison.Ordinal);
        Assert.Equal(2, shownIds);
        Assert.Equal("collect=completed,gate=completed,high=completed,low=skipped", statuses);
        Assert.Equal(2, fills);
        Assert.StartsWith("RunStarted", events, StringComparison.Ordinal);
        Assert.EndsWith("RunCompleted", events, StringComparison.Ordinal);
        Assert.Equal("score-router · completed", summary);
        Assert.Contains("gate", mermaid, StringComparison.Ordinal);
        Assert.True(screenshot.Length > 5_000 && screenshot.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "the screenshot is not a PNG");
    }
}
