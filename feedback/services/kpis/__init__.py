"""The KPI register: plans and KPIs, how each is measured, recompute, dashboard and reports.

Modules by job: ``plans`` (finding a council's plans), ``importing`` (a plan's KPI table from
CSV/XLSX), ``readings`` (baselines and targets as ``analysis`` types), ``metrics`` (what counts
as success), ``editing`` (a lead's changes, audited), ``periods`` and ``aggregation`` (SQL
counts per period), ``recompute`` (measurements written back), ``presenting``, ``charts`` and
``board_report`` (what pages and exports show).
"""
