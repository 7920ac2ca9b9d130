using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.Tests.Security;

public sealed class WorkflowPermissionsTests
{
    [Fact]
    public void ResolvePath_AcceptsPathsUnderARoot_AndReturnsTheFullPath()
    {
        using var root = new TempDirectory();
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        Assert.Equal(root.File("data.csv"), permissions.ResolvePath(root.File("data.csv")));
        Assert.Equal(Path.Combine(root.Path, "sub", "new.txt"), permissions.ResolvePath(Path.Combine(root.Path, "sub", "new.txt")));
    }

    [Fact]
    public void ResolvePath_RefusesDotDot_EvenWhenItStaysInside()
    {
        using var root = new TempDirectory();
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        var ex = Assert.Throws<KailashException>(() => permissions.ResolvePath(Path.Combine(root.Path, "a", "..", "b.txt"), "reader", "file_path"));
        Assert.Equal(ErrorCodes.PathTraversal, ex.Code);
        Assert.Equal("reader", ex.NodeId);
        Assert.Equal("file_path", ex.Port);
        Assert.Contains("'..'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvePath_RefusesAbsolutePathsOutsideEveryRoot()
    {
        using var root = new TempDirectory();
        using var other = new TempDirectory();
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        var ex = Assert.Throws<KailashException>(() => permissions.ResolvePath(other.File("secret.txt")));
        Assert.Equal(ErrorCodes.PathNotAllowed, ex.Code);
        Assert.Contains("--allow-path", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvePath_RefusesASiblingDirectoryThatSharesTheRootPrefix()
    {
        using var root = new TempDirectory();
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        var ex = Assert.Throws<KailashException>(() => permissions.ResolvePath(root.Path + "-evil/x.txt"));
        Assert.Equal(ErrorCodes.PathNotAllowed, ex.Code);
    }

    [Fact]
    public void ResolvePath_RefusesASymbolicLinkThatLeavesTheRoot()
    {
        using var root = new TempDirectory();
        using var outside = new TempDirectory();
        File.WriteAllText(outside.File("secret.txt"), "top secret");
        Directory.CreateSymbolicLink(root.File("escape"), outside.Path);
        File.CreateSymbolicLink(root.File("link.txt"), outside.File("secret.txt"));
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        Assert.Equal(ErrorCodes.SymlinkEscape, Assert.Throws<KailashException>(() => permissions.ResolvePath(Path.Combine(root.Path, "escape", "secret.txt"))).Code);
        Assert.Equal(ErrorCodes.SymlinkEscape, Assert.Throws<KailashException>(() => permissions.ResolvePath(root.File("link.txt"))).Code);
        Assert.Equal(ErrorCodes.SymlinkEscape, Assert.Throws<KailashException>(() => permissions.ResolvePath(Path.Combine(root.Path, "escape", "new.txt"))).Code);
    }

    [Fact]
    public void ResolvePath_AcceptsASymbolicLinkThatStaysInsideTheRoot()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.File("real"));
        Directory.CreateSymbolicLink(root.File("alias"), root.File("real"));
        var permissions = new WorkflowPermissions { FileRoots = [root.Path] };

        Assert.Equal(Path.Combine(root.Path, "alias", "x.txt"), permissions.ResolvePath(Path.Combine(root.Path, "alias", "x.txt")));
    }

    [Fact]
    public void DefaultRoot_IsTheWorkingDirectory()
    {
        var inside = Path.Combine(Directory.GetCurrentDirectory(), "out.csv");
        Assert.Equal(inside, WorkflowPermissions.Default.ResolvePath("out.csv"));
        Assert.Equal(ErrorCodes.PathNotAllowed, Assert.Throws<KailashException>(() => WorkflowPermissions.Default.ResolvePath(Path.Combine(Path.GetTempPath(), "kailash-elsewhere", "x"))).Code);
    }

    [Theory]
    [InlineData("http://api.example.com/items", true)]
    [InlineData("https://API.EXAMPLE.COM:8443/x", true)]
    [InlineData("https://other.example.com/", false)]
    [InlineData("http://sub.internal.example.org/", true)]
    [InlineData("http://internal.example.org/", false)]
    [InlineData("http://127.0.0.1:5000/", true)]
    [InlineData("http://127.0.0.1:5001/", false)]
    public void CheckUrl_HonoursAllowedHosts(string url, bool allowed)
    {
        var permissions = new WorkflowPermissions { AllowedHosts = ["api.example.com", "*.internal.example.org", "127.0.0.1:5000"] };
        if (allowed)
        {
            Assert.Equal(new Uri(url), permissions.CheckUrl(url));
        }
        else
        {
            var ex = Assert.Throws<KailashException>(() => permissions.CheckUrl(url, "fetch", "url"));
            Assert.Equal(ErrorCodes.HostNotAllowed, ex.Code);
            Assert.Equal("fetch", ex.NodeId);
        }
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative/path")]
    [InlineData("not a url")]
    public void CheckUrl_RefusesAnythingButAbsoluteHttp(string url)
        => Assert.Equal(ErrorCodes.InvalidUrl, Assert.Throws<KailashException>(() => WorkflowPermissions.Default.CheckUrl(url)).Code);

    [Fact]
    public void Lists_AreCopied_SoLaterChangesToTheSourceHaveNoEffect()
    {
        var roots = new List<string> { "/data" };
        var permissions = new WorkflowPermissions { FileRoots = roots };
        roots.Add("/");
        Assert.Equal(["/data"], permissions.FileRoots);
    }

    [Fact]
    public void Validate_ReportsBadEntries_AndRuntimeOptionsReportThem()
    {
        var permissions = new WorkflowPermissions { FileRoots = [" "], AllowedHosts = ["bad host!", "ok.example.com", "x:99999"] };
        Assert.Equal(3, permissions.Validate().Count);

        var ex = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { Permissions = permissions }));
        Assert.Contains(ex.Errors, e => e.Contains("bad host!", StringComparison.Ordinal));
    }

    [Fact]
    public void Registry_PassesItsPermissionsToNodesAtBuild_AndRunsUseThemUnlessTheRuntimeOverrides()
    {
        var strict = new WorkflowPermissions { AllowedHosts = [] };
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = strict;
        var probe = new PermissionProbe();
        var workflow = new WorkflowBuilder("w", registry).AddNode("probe", probe).Build();
        Assert.Same(strict, probe.SeenAtBuild);

        using (var runtime = new LocalRuntime())
        {
            Assert.Same(strict, runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken)["probe"]["result"]);
        }

        var loose = new WorkflowPermissions { AllowCode = true };
        using var overriding = new LocalRuntime(new RuntimeOptions { Permissions = loose });
        Assert.Same(loose, overriding.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken)["probe"]["result"]);
    }

    [Fact]
    public void FrozenRegistry_RefusesNewPermissions()
        => Assert.Throws<InvalidOperationException>(() => NodeRegistry.BuiltIn.Permissions = new WorkflowPermissions());

    private sealed class PermissionProbe : Node
    {
        public WorkflowPermissions? SeenAtBuild { get; private set; }

        public override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
            => new Dictionary<string, object?> { ["result"] = context.Permissions };

        protected internal override void Configure(IReadOnlyDictionary<string, object?> config) => SeenAtBuild = BuildPermissions;
    }
}
