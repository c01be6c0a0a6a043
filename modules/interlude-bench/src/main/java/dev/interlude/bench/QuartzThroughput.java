package dev.interlude.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.core.QuartzScheduler;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.EverythingMatcher;
import org.quartz.listeners.JobListenerSupport;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Quartz with its JDBC job store on the same PostgreSQL, for comparison: JobStoreTX with the PostgreSQL delegate, 50
 * worker threads, triggers acquired 100 at a time, in a schema of its own ({@value #SCHEMA}, made again on every run
 * from the script the Quartz jar ships). N no-op jobs, each with a one-shot SimpleTrigger starting now, are inserted
 * while the scheduler is in standby (timed apart), then the scheduler starts; throughput counts from the first fire to
 * the last job completed (each completion deletes its fired trigger, trigger and job rows in the database).
 */
final class QuartzThroughput {

    static final String VERSION = QuartzScheduler.getVersionMajor() + "." + QuartzScheduler.getVersionMinor() + "."
            + QuartzScheduler.getVersionIteration();
    static final String SCHEMA = "quartz_bench";
    private static final String DATA_SOURCE = "interludeBench";
    private static final int THREADS = 50;
    private static final int SCHEDULE_BATCH = 1_000;

    private QuartzThroughput() {
    }

    record Result(int jobs, long executed, double scheduleSeconds, double seconds, boolean timedOut) {
        double perSecond() {
            return executed / seconds;
        }

        double scheduledPerSecond() {
            return jobs / scheduleSeconds;
        }
    }

    /** The job: does nothing, like the engine's no-op handler. */
    public static final class NoOpJob implements Job {
        @Override
        public void execute(JobExecutionContext context) throws JobExecutionException {
        }
    }

    static Result run(Postgres postgres, int jobs, Duration limit) throws Exception {
        postgres.freshSchema(SCHEMA);
        postgres.runScript(postgres.urlWithSchema(SCHEMA),
                Postgres.resource("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.urlWithSchema(SCHEMA));
        pool.setUsername(postgres.user());
        pool.setMaximumPoolSize(THREADS + 5);
        pool.setAutoCommit(false);
        pool.setPoolName("quartz-bench");
        HikariDataSource dataSource = new HikariDataSource(pool);
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                dataSource.close();
            }

            @Override
            public void initialize() {
            }
        });
        Scheduler scheduler = new StdSchedulerFactory(properties()).getScheduler();
        try {
            AtomicLong firstFire = new AtomicLong();
            AtomicLong lastEnd = new AtomicLong();
            CountDownLatch ended = new CountDownLatch(jobs);
            scheduler.getListenerManager().addJobListener(new JobListenerSupport() {
                @Override
                public String getName() {
                    return "bench";
                }

                @Override
                public void jobToBeExecuted(JobExecutionContext context) {
                    firstFire.compareAndSet(0, System.nanoTime());
                }

                @Override
                public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
                    lastEnd.set(System.nanoTime());
                    ended.countDown();
                }
            }, EverythingMatcher.allJobs());

            long scheduling = System.nanoTime();
            Date now = new Date();
            Map<JobDetail, Set<? extends Trigger>> batch = new LinkedHashMap<>();
            for (int i = 0; i < jobs; i++) {
                JobDetail job = JobBuilder.newJob(NoOpJob.class).withIdentity("job-" + i, "bench").build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity("trigger-" + i, "bench").startAt(now)
                        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                .withMisfireHandlingInstructionFireNow())
                        .build();
                batch.put(job, Set.of(trigger));
                if (batch.size() == SCHEDULE_BATCH || i == jobs - 1) {
                    scheduler.scheduleJobs(batch, false);
                    batch.clear();
                }
            }
            double scheduleSeconds = (System.nanoTime() - scheduling) / 1e9;

            scheduler.start();
            boolean done = ended.await(limit.toNanos(), TimeUnit.NANOSECONDS);
            long executed = jobs - ended.getCount();
            double seconds = executed == 0 ? limit.toSeconds() : (lastEnd.get() - firstFire.get()) / 1e9;
            return new Result(jobs, executed, scheduleSeconds, seconds, !done);
        } finally {
            scheduler.shutdown(false);
            dataSource.close();
        }
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "interlude-bench");
        p.setProperty("org.quartz.scheduler.instanceId", "bench");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", "100");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(THREADS));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        // Quartz's advice for batch acquisition on one node: acquire under the lock.
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // Inserting 100,000 jobs takes longer than the default 60 s: triggers due since then are not misfires here.
        p.setProperty("org.quartz.jobStore.misfireThreshold", "3600000");
        return p;
    }
}
