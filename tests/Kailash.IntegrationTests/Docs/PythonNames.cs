namespace Kailash.IntegrationTests.Docs;

/// <summary>
/// The Python Kailash names the migration guide must map to C#: every LocalRuntime/AsyncLocalRuntime constructor
/// option, entry point, entry-point argument and public member listed in the runtime behaviour reference (§1.2–§1.6),
/// and every mixin method named by the runtime-refactoring roadmap.
/// </summary>
internal static class PythonNames
{
    public static IReadOnlyList<string> LocalRuntimeOptions { get; } =
    [
        "debug", "enable_cycles", "enable_async", "max_concurrency", "user_context", "enable_monitoring", "enable_security",
        "enable_audit", "resource_limits", "enable_resource_limits", "secret_provider", "connection_validation",
        "conditional_execution", "content_aware_success_detection", "persistent_mode", "enable_connection_sharing",
        "max_concurrent_workflows", "connection_pool_size", "enable_enterprise_monitoring", "enable_health_monitoring",
        "enable_resource_coordination", "circuit_breaker_config", "retry_policy_config", "connection_pool_config",
        "trust_context", "trust_verifier", "trust_verification_mode", "audit_generator", "audit_log_to_stdout",
        "checkpoint_store", "checkpoint_after_each_node", "history_store", "sync_bridge_timeout",
    ];

    public static IReadOnlyList<string> AsyncLocalRuntimeOptions { get; } =
    [
        "resource_registry", "max_concurrent_nodes", "enable_analysis", "enable_profiling", "thread_pool_size", "execution_timeout",
    ];

    public static IReadOnlyList<string> EntryPoints { get; } =
    [
        "execute", "execute_async", "execute_workflow_async",
        "task_manager", "parameters", "cancellation_token", "search_attributes", "idempotency_key", "force_resume_with_drift",
        "soft_time_limit", "time_limit", "execution_tracker", "inputs", "context", "**kwargs",
    ];

    public static IReadOnlyList<string> Lifecycle { get; } =
    [
        "__enter__", "__exit__", "close", "acquire", "release", "mark_externally_managed", "__aenter__", "__aexit__",
        "cleanup", "shutdown_coordinator", "__del__",
    ];

    public static IReadOnlyList<string> Members { get; } =
    [
        "validate_workflow", "on_node_complete", "progress_registry", "signal", "query", "get_signal_channel", "get_query_registry",
        "get_validation_metrics", "reset_validation_metrics",
        "get_retry_policy_engine", "get_retry_analytics", "get_retry_metrics_summary", "get_strategy_effectiveness",
        "register_retry_strategy", "register_retry_strategy_for_exception", "add_retriable_exception", "add_non_retriable_exception",
        "reset_retry_metrics", "get_retry_configuration",
        "get_execution_plan_cached", "get_execution_analytics", "record_execution_performance", "clear_analytics_data",
        "get_health_diagnostics", "optimize_runtime_performance", "get_performance_report", "generate_compatibility_report",
        "get_compatibility_report_markdown", "set_performance_monitoring", "set_automatic_mode_switching",
        "set_compatibility_reporting", "get_execution_path_debug_info",
        "start_persistent_mode", "shutdown_gracefully", "get_shared_connection_pool", "can_execute_workflow", "get_runtime_metrics",
        "get_health_status", "connection_pool_manager",
        "get_resource_metrics", "get_execution_metrics", "execute_node_with_enterprise_features", "execute_node_with_enterprise_features_sync",
    ];

    public static IReadOnlyList<string> MixinMethods { get; } =
    [
        "_validate_connection_contracts", "_generate_enhanced_validation_error", "_build_connection_context", "_check_workflow_access",
        "_should_stop_on_error",
        "_process_workflow_parameters", "_separate_parameter_formats", "_is_node_specific_format", "_serialize_user_context",
        "_extract_secret_requirements",
        "_has_conditional_patterns", "_should_skip_conditional_node", "_validate_conditional_execution_prerequisites",
        "_validate_switch_results", "_validate_conditional_execution_results", "_track_conditional_execution_performance",
        "_log_conditional_execution_failure", "_track_fallback_usage", "_execute_conditional_approach", "_execute_conditional_impl",
        "_workflow_has_cycles", "_validate_cycle_configuration", "_check_cycle_convergence", "_track_cycle_iteration",
        "_log_cycle_diagnostics", "_execute_cyclic_workflow", "_execute_cyclic_impl",
        "_initialize_circuit_breaker", "_initialize_retry_policies", "_initialize_resource_coordinator", "_initialize_health_monitor",
        "_create_execution_plan_cache_key", "_record_execution_metrics", "_track_node_execution", "_compute_execution_statistics",
    ];

    public static IReadOnlyList<string> All { get; } =
        [.. LocalRuntimeOptions, .. AsyncLocalRuntimeOptions, .. EntryPoints, .. Lifecycle, .. Members, .. MixinMethods];
}
