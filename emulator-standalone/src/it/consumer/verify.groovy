// The build succeeding is not enough: both tests must have run, and passed.
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.orders.OrdersApiTest.xml')
assert report.isFile() : "no surefire report at ${report}"
def suite = report.getText('UTF-8').find(/<testsuite [^>]*>/)
assert suite =~ /tests="2"/ : suite
assert suite =~ /failures="0"/ : suite
assert suite =~ /errors="0"/ : suite
assert suite =~ /skipped="0"/ : suite
